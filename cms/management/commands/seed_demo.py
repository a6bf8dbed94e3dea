import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils.text import slugify
from wagtail.fields import StreamField
from wagtail.models import Page, Site, WorkflowPage
from wagtailseo.models import SeoSettings

from cms.permissions import EDITORS, MEDICAL_REVIEWERS, ROLES, SITE_MANAGERS, limit_role_to_site
from home.models import HomePage, LandingPage
from marketing.models import SiteSettings
from resources.demo.make_images import write_images
from resources.demo.sites import SITES, DemoSite, PageRef, PageSpec
from resources.importing import ArticleImporter, collect_files
from resources.importing.writer import NEW, UPDATED
from resources.models import Person, ResourceCategory, ResourcesIndexPage
from resources.review import medical_review_task, medical_review_workflow

# Each site's demo accounts: username suffix → the role their team's group holds.
TEAM_ACCOUNTS = {"editor": EDITORS, "reviewer": MEDICAL_REVIEWERS, "manager": SITE_MANAGERS}


def plain(data):
    """Stored StreamField data without its block ids: equal whenever the content is."""
    if isinstance(data, list):
        return [plain(item) for item in data]
    if isinstance(data, dict):
        is_block = "type" in data and "value" in data
        return {key: plain(value) for key, value in data.items() if not (is_block and key == "id")}
    return data


class Command(BaseCommand):
    help = (
        "Create the demo sites (Harborlight Health on localhost:8000, Garden State Ketamine Care on "
        "nj.localhost:8000), each with a home page, landing pages, a Resources hub of published articles, "
        "generated images and filled-in settings, a team per site (editors, medical reviewers, site managers) and "
        "the Medical review workflow on each hub, and, when --admin-password is given, a local admin account "
        "and each team's demo accounts. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            help="Create a superuser 'admin' and each site's demo accounts (e.g. 'harborlight-editor', "
            "'harborlight-reviewer', 'harborlight-manager') with this password where no such user exists "
            "(local use only).",
        )

    @transaction.atomic
    def handle(self, *args, admin_password=None, **options):
        self.changes = 0
        with tempfile.TemporaryDirectory(prefix="seed-demo-") as folder:
            staging = self.stage(Path(folder))
            summaries = [self.ensure_demo_site(spec, staging) for spec in SITES]
        if admin_password:
            self.ensure_admin(admin_password)
            for spec in SITES:
                self.ensure_team_accounts(spec, admin_password)
        for line in summaries:
            self.stdout.write(line)
        if self.changes:
            self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing new: the demo content was already in place."))

    def note(self, message: str) -> None:
        self.changes += 1
        self.stdout.write(message)

    # --- Files --------------------------------------------------------------------------------

    def stage(self, folder: Path) -> Path:
        """Copy the articles next to freshly drawn images, where their ``image: ../images/…`` points."""
        write_images(folder / "images")
        for spec in SITES:
            shutil.copytree(spec.articles, folder / spec.key)
        return folder

    # --- Each site's snippets -------------------------------------------------------------------

    def ensure_people(self, spec: DemoSite, site: Site) -> None:
        for name, (role, bio) in spec.people.items():
            person = Person.objects.filter(site=site, name=name).order_by("pk").first() or Person(site=site, name=name)
            if person.pk and (person.role, person.bio) == (role, bio):
                continue
            person.role, person.bio = role, bio
            person.full_clean()
            person.save()
            self.note(f"{spec.site_name}: saved the person “{name}”.")

    def ensure_categories(self, spec: DemoSite, site: Site) -> None:
        for name, (order, description) in spec.categories.items():
            slug = slugify(name)
            categories = ResourceCategory.objects.filter(site=site)
            category = (
                categories.filter(name__iexact=name).first()
                or categories.filter(slug=slug).first()
                or ResourceCategory(site=site, name=name, slug=slug)
            )
            if category.pk and (category.sort_order, category.description) == (order, description):
                continue
            category.sort_order, category.description = order, description
            category.full_clean()
            category.save()
            self.note(f"{spec.site_name}: saved the category “{name}”.")

    # --- One site -------------------------------------------------------------------------------

    def ensure_demo_site(self, spec: DemoSite, staging: Path) -> str:
        home = self.ensure_page(Page.get_first_root_node(), HomePage, spec.home, None)
        site = self.ensure_site(spec, home)
        self.ensure_people(spec, site)
        self.ensure_categories(spec, site)
        hub = self.ensure_page(home, ResourcesIndexPage, spec.hub, home)
        for page in spec.landing_pages:
            self.ensure_page(home, LandingPage, page, home)
        importer = ArticleImporter(hub, publish=True)
        report = importer.import_all(collect_files([staging / spec.key]))
        if report.failures:
            details = "; ".join(f"{result.path.name}: {result.error}" for result in report.failures)
            raise CommandError(f"The {spec.site_name} demo articles did not import: {details}")
        self.changes += report.count(NEW) + report.count(UPDATED)
        self.ensure_team(spec, site, hub)

        values = {
            **spec.settings,
            "logo": importer.image(staging / "images" / spec.logo, f"{spec.site_name} logo"),
            "favicon": importer.image(staging / "images" / spec.favicon, f"{spec.site_name} icon"),
        }
        self.ensure_setting(SiteSettings, site, self.resolve(values, home), f"{spec.site_name}: site settings")
        try:
            newsletter = apps.get_model("newsletter", "NewsletterSettings")
        except LookupError:
            newsletter = None
        if newsletter is not None:
            known = {f.name for f in newsletter._meta.get_fields()}
            wanted = {name: value for name, value in spec.newsletter.items() if name in known}
            self.ensure_setting(newsletter, site, wanted, f"{spec.site_name}: newsletter settings")
        # wagtail-seo's settings are made on a page's first view otherwise, and making them
        # retires the site's page cache: the demo's first cached pages would never be served.
        SeoSettings.for_site(site)
        return f"{spec.site_name} on {spec.url}: articles {report.summary()}"

    def ensure_site(self, spec: DemoSite, home: HomePage) -> Site:
        site = Site.objects.filter(hostname=spec.hostname, port=spec.port).first()
        if site is None and spec.is_default_site:
            site = Site.objects.filter(is_default_site=True).first()
        site = site or Site()
        wanted = {
            "hostname": spec.hostname,
            "port": spec.port,
            "site_name": spec.site_name,
            "root_page_id": home.pk,
            "is_default_site": spec.is_default_site,
        }
        if site.pk and all(getattr(site, name) == value for name, value in wanted.items()):
            return site
        if spec.is_default_site:
            Site.objects.filter(is_default_site=True).exclude(pk=site.pk).update(is_default_site=False)
        for name, value in wanted.items():
            setattr(site, name, value)
        site.save()
        self.note(f"Site {spec.site_name} answers on {spec.hostname}:{spec.port}.")
        return site

    def ensure_page(self, parent: Page, model: type[Page], spec: PageSpec, home: Page | None) -> Page:
        """The child of ``parent`` with this slug, created or brought up to date and published."""
        fields = self.resolve(spec.fields, home)
        page = model.objects.child_of(parent).filter(slug=spec.slug).first()
        if page is None:
            if parent.is_root():
                # Wagtail's first migration leaves a "Welcome" page under the root, with the slug "home".
                parent.get_children().exact_type(Page).filter(slug=spec.slug).delete()
            page = model(slug=spec.slug)
            self.assign(page, fields)
            Page.objects.get(pk=parent.pk).add_child(instance=page)
            page.save_revision().publish()
            self.note(f"Created the {model._meta.verbose_name} “{page.title}”.")
            return page
        current = page.get_latest_revision_as_object()
        if self.assign(current, fields):
            current.save_revision().publish()
            self.note(f"Updated the {model._meta.verbose_name} “{current.title}”.")
        elif not page.live or page.has_unpublished_changes:
            page.get_latest_revision().publish()
            self.note(f"Published the {model._meta.verbose_name} “{page.title}”.")
        return page

    def ensure_setting(self, model, site: Site, values: dict, label: str) -> None:
        instance = model.objects.filter(site=site).first()
        created = instance is None
        if created:
            instance = model(site=site)
        if self.assign(instance, values) or created:
            instance.full_clean()
            instance.save()
            self.note(f"Saved {label}.")

    # --- Values ---------------------------------------------------------------------------------

    def resolve(self, data, home: Page | None):
        """Swap each PageRef for its page: the page itself for a field, its id inside stream data."""
        if isinstance(data, dict):
            return {key: self._resolve_value(value, home) for key, value in data.items()}
        return data

    def _resolve_value(self, value, home, *, in_stream: bool = False):
        if isinstance(value, PageRef):
            page = self.find_page(value, home)
            return page.pk if in_stream else page
        if isinstance(value, list):
            return [self._resolve_value(item, home, in_stream=True) for item in value]
        if isinstance(value, dict):
            return {key: self._resolve_value(item, home, in_stream=True) for key, item in value.items()}
        return value

    @staticmethod
    def find_page(ref: PageRef, home: Page | None) -> Page:
        page = home and Page.objects.filter(url_path=f"{home.url_path}{ref.path.strip('/')}/").first()
        if not page:
            raise CommandError(f"The demo content links to “{ref.path}”, which is not a page of the site.")
        return page

    @staticmethod
    def assign(instance: models.Model, values: dict) -> bool:
        """Set the fields that differ from ``values``; whether any did."""
        changed = False
        for name, value in values.items():
            field = instance._meta.get_field(name)
            if isinstance(field, StreamField):
                value = field.stream_block.to_python(value)
                current = plain(field.stream_block.get_prep_value(getattr(instance, name)))
                same = current == plain(field.stream_block.get_prep_value(value))
            elif isinstance(field, models.ForeignKey):
                same = getattr(instance, field.attname) == (value.pk if value is not None else None)
            else:
                same = getattr(instance, name) == value
            if not same:
                setattr(instance, name, value)
                changed = True
        return changed

    # --- Accounts -------------------------------------------------------------------------------

    def ensure_admin(self, password: str) -> None:
        users = get_user_model()
        if users.objects.filter(username="admin").exists():
            return
        users.objects.create_superuser("admin", "admin@example.com", password)
        self.note("Created the superuser “admin”.")

    # --- Teams ----------------------------------------------------------------------------------

    @staticmethod
    def team_group_name(spec: DemoSite, role: str) -> str:
        return f"{spec.team} {role[0].lower()}{role[1:]}"

    def ensure_team(self, spec: DemoSite, site: Site, hub: Page) -> None:
        """The site's groups, each a role limited to the site, and the medical review on its hub."""
        workflow = medical_review_workflow()
        if not WorkflowPage.objects.filter(page=hub, workflow=workflow).exists():
            WorkflowPage.objects.update_or_create(page=hub, defaults={"workflow": workflow})
            self.note(f"{spec.site_name}: articles go through the “{workflow.name}” workflow.")
        if not spec.team:
            return
        for role_name in ROLES:
            role = Group.objects.filter(name=role_name).first()
            if role is None:
                raise CommandError(f"The group “{role_name}” is missing: run `manage.py migrate`, or create it again.")
            group, created = Group.objects.get_or_create(name=self.team_group_name(spec, role_name))
            if limit_role_to_site(group, role, site) or created:
                self.note(f"{spec.site_name}: the group “{group.name}” has the rights of “{role_name}” on this site.")
        reviewers = Group.objects.get(name=self.team_group_name(spec, MEDICAL_REVIEWERS))
        task = medical_review_task(workflow)
        if not task.groups.filter(pk=reviewers.pk).exists():
            task.groups.add(reviewers)
            self.note(f"{spec.site_name}: “{reviewers.name}” approve the “{task.name}” task.")

    def ensure_team_accounts(self, spec: DemoSite, password: str) -> None:
        """An editor, a medical reviewer (linked to the site's reviewing Person) and a site manager."""
        if not spec.team:
            return
        users = get_user_model()
        for suffix, role_name in TEAM_ACCOUNTS.items():
            username = f"{spec.key}-{suffix}"
            group = Group.objects.get(name=self.team_group_name(spec, role_name))
            user = users.objects.filter(username=username).first()
            if user is None:
                user = users.objects.create_user(
                    username,
                    f"{username}@example.com",
                    password,
                    first_name=spec.team,
                    last_name=role_name[:-1].lower(),  # "Harborlight medical reviewer"
                )
                self.note(f"Created the user “{username}” ({group.name}).")
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
                self.note(f"Added “{username}” to “{group.name}”.")
            if role_name == MEDICAL_REVIEWERS and spec.reviewer:
                self.link_person(spec, user)

    def link_person(self, spec: DemoSite, user) -> None:
        site_people = Person.objects.filter(site__hostname=spec.hostname, site__port=spec.port)
        person = site_people.filter(name=spec.reviewer).order_by("pk").first()
        if person is None or person.user_id is not None or Person.objects.filter(user=user).exists():
            return  # linked already, to this account or another; or the account stands for someone else
        person.user = user
        person.save(update_fields=["user"])
        self.note(f"“{user.username}” approves medical reviews as {person.name}.")
