from django.core.management.base import BaseCommand, CommandError

from resources.importing import (
    FAILED,
    UNCHANGED,
    ArticleImporter,
    ArticleImportError,
    ImportReport,
    collect_files,
    find_hub,
    hub_path,
)


class Command(BaseCommand):
    help = (
        "Import articles into a Resources hub from Markdown files with YAML front matter, or plain HTML "
        "files. Articles are matched by slug: new ones are created, changed ones get a new revision, "
        "unchanged ones are left alone. Drafts unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="Files, or folders whose *.md, *.markdown and *.html files to import.",
        )
        parser.add_argument(
            "--hub",
            required=True,
            metavar="URL_PATH",
            help="The hub's path relative to the site root, e.g. /resources/.",
        )
        parser.add_argument("--site", metavar="HOSTNAME", help="The site's hostname (default: the default site).")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the articles (default: save them as drafts)."
        )

    def handle(self, *args, paths, hub, site=None, publish=False, verbosity=1, **options):
        try:
            hub_page = find_hub(hub, site)
            files = collect_files(paths)
        except ArticleImportError as error:
            raise CommandError(str(error)) from error

        hub_url = hub_path(hub_page, hub_page.get_site())
        report = ImportReport()
        for result in ArticleImporter(hub_page, publish=publish).import_files(files):
            report.results.append(result)
            for warning in result.warnings:
                self.stderr.write(f"WARNING {result.path}: {warning}")
            if result.status == FAILED:
                self.stderr.write(f"FAILED {result.path}: {result.error}")
            elif verbosity >= 1:
                page = result.page
                where = f"{hub_url}{page.slug}/"
                state = "live" if page.live else "draft"
                if page.live and page.has_unpublished_changes:
                    state = "live, with draft changes"
                detail = "" if result.status == UNCHANGED else f" → {where} ({state})"
                self.stdout.write(f"{result.status}: {result.path}{detail}")

        self.stdout.write(report.summary())
        if report.failures:
            raise CommandError(f"{len(report.failures)} of {len(report.results)} files could not be imported.")
