from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage
from resources.importing import ArticleImporter, collect_files
from resources.models import ResourcesIndexPage

DEMO_SITE_NAME = "Harborlight Health"
DEMO_HOSTNAME = "localhost"
DEMO_PORT = 8000
DEMO_ARTICLES = Path(settings.BASE_DIR) / "resources" / "demo" / "articles"


class Command(BaseCommand):
    help = (
        "Create the demo site with its home page, Resources hub and published demo articles and, when "
        "--admin-password is given, a local admin account. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            help="Create a superuser 'admin' with this password if no such user exists (local use only).",
        )

    @transaction.atomic
    def handle(self, *args, admin_password=None, **options):
        home = self.ensure_home_page()
        self.ensure_site(home)
        hub = self.ensure_resources_hub(home)
        self.import_demo_articles(hub)
        if admin_password:
            self.ensure_admin(admin_password)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def ensure_home_page(self) -> HomePage:
        home = HomePage.objects.filter(depth=2).first()
        if home:
            return home
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a "Welcome" placeholder under the
        # root; it would clash with our home page's slug.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = HomePage(
            title="At-home ketamine therapy, guided by physicians",
            slug="home",
            introduction=(
                "Harborlight Health offers physician-led ketamine therapy at home for adults in "
                "Florida and New Jersey, with a care team that checks in at every step."
            ),
            seo_title="Harborlight Health: at-home ketamine therapy",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        self.stdout.write(f"Created the home page “{home.title}”.")
        return home

    def ensure_site(self, home: HomePage) -> None:
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        wanted = {"hostname": DEMO_HOSTNAME, "port": DEMO_PORT, "site_name": DEMO_SITE_NAME, "root_page_id": home.pk}
        if all(getattr(site, field) == value for field, value in wanted.items()):
            return
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()
        self.stdout.write(f"Site {DEMO_SITE_NAME} answers on {DEMO_HOSTNAME}:{DEMO_PORT}.")

    def ensure_resources_hub(self, home: HomePage) -> ResourcesIndexPage:
        hub = ResourcesIndexPage.objects.child_of(home).first()
        if hub:
            return hub
        hub = ResourcesIndexPage(
            title="Resources",
            slug="resources",
            introduction=(
                "Plain-language articles about at-home ketamine therapy, written by our clinicians and "
                "checked by a medical reviewer: how treatment works, how we keep it safe, what it costs."
            ),
        )
        home.add_child(instance=hub)
        hub.save_revision().publish()
        self.stdout.write("Created the Resources hub.")
        return hub

    def import_demo_articles(self, hub: ResourcesIndexPage) -> None:
        report = ArticleImporter(hub, publish=True).import_all(collect_files([DEMO_ARTICLES]))
        if report.failures:
            details = "; ".join(f"{result.path.name}: {result.error}" for result in report.failures)
            raise CommandError(f"The demo articles did not import: {details}")
        self.stdout.write(f"Demo articles: {report.summary()}")

    def ensure_admin(self, password: str) -> None:
        users = get_user_model()
        if users.objects.filter(username="admin").exists():
            return
        users.objects.create_superuser("admin", "admin@example.com", password)
        self.stdout.write("Created the superuser “admin”.")
