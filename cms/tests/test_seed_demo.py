"""manage.py seed_demo: two complete demo sites, built from files and generated pictures, idempotently."""

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site

from home.models import HomePage, LandingPage
from marketing.models import SiteSettings
from resources.demo import make_images
from resources.models import ArticlePage, Person, ResourceCategory, ResourcesIndexPage

HARBORLIGHT = "localhost:8000"
GARDEN_STATE = "nj.localhost:8000"
LANDING_PAGES = {
    HARBORLIGHT: ["how-it-works", "pricing", "ketamine-therapy-in-florida", "ketamine-therapy-in-new-jersey"],
    GARDEN_STATE: ["how-it-works", "pricing", "ketamine-therapy-in-new-jersey"],
}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def site(host: str) -> Site:
    hostname, port = host.split(":")
    return Site.objects.get(hostname=hostname, port=int(port))


def hub_of(site: Site) -> ResourcesIndexPage:
    return ResourcesIndexPage.objects.child_of(site.root_page).get(slug="resources")


def test_two_sites_each_with_a_home_page_a_hub_and_landing_pages(demo_site):
    assert Site.objects.count() == 2
    harborlight, garden_state = site(HARBORLIGHT), site(GARDEN_STATE)
    assert demo_site == harborlight
    assert (harborlight.site_name, harborlight.is_default_site) == ("Harborlight Health", True)
    assert (garden_state.site_name, garden_state.is_default_site) == ("Garden State Ketamine Care", False)

    for host in (HARBORLIGHT, GARDEN_STATE):
        home = site(host).root_page.specific
        assert isinstance(home, HomePage), host
        assert home.live, host
        assert home.introduction, host
        blocks = [block.block_type for block in home.body]
        assert {"heading", "paragraph", "pricing", "coverage", "call_to_action"} <= set(blocks), host
        coverage = next(block for block in home.body if block.block_type == "coverage")
        assert coverage.value["show_county_lists"], host
        assert hub_of(site(host)).live
        landing = LandingPage.objects.child_of(home).live()
        assert sorted(landing.values_list("slug", flat=True)) == sorted(LANDING_PAGES[host]), host

    pricing = LandingPage.objects.child_of(harborlight.root_page).get(slug="pricing")
    assert {"pricing", "faq", "call_to_action"} <= {block.block_type for block in pricing.body}
    how = LandingPage.objects.child_of(harborlight.root_page).get(slug="how-it-works")
    assert {"heading", "paragraph", "callout", "call_to_action"} <= {block.block_type for block in how.body}


def test_each_hub_has_twelve_reviewed_articles_in_three_categories_with_generated_images(demo_site):
    titles = {}
    for host in (HARBORLIGHT, GARDEN_STATE):
        articles = list(ArticlePage.objects.child_of(hub_of(site(host))).live().select_related("author"))
        assert len(articles) >= 12, host
        assert len({article.slug for article in articles}) == len(articles), host
        assert len({article.category_id for article in articles if article.category_id}) >= 3, host
        for article in articles:
            assert article.author, article.title
            assert article.author.role, article.title
            assert article.featured_image, article.title
            assert article.featured_image_alt, article.title
            words = " ".join(article.body.stream_block.get_searchable_content(article.body)).split()
            assert 300 <= len(words) <= 650, article.title
        assert any(article.medical_reviewer for article in articles), host
        titles[host] = {article.title for article in articles}
    assert not titles[HARBORLIGHT] & titles[GARDEN_STATE]

    # Each brand has its own people, and its own reviewer.
    authors = {
        host: set(Person.objects.filter(authored_articles__in=ArticlePage.objects.descendant_of(site(host).root_page)))
        for host in (HARBORLIGHT, GARDEN_STATE)
    }
    assert not authors[HARBORLIGHT] & authors[GARDEN_STATE]
    assert Person.objects.filter(role="Board-certified psychiatrist").count() == 2

    # The pictures are drawn when the command runs; none are kept in the repository.
    demo = Path(django_settings.BASE_DIR) / "resources" / "demo"
    assert not [path for path in demo.rglob("*") if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")]
    assert Image.objects.count() == len(make_images.all_names())


def test_each_site_has_its_own_filled_in_settings(demo_site):
    harborlight = SiteSettings.for_site(site(HARBORLIGHT))
    garden_state = SiteSettings.for_site(site(GARDEN_STATE))

    assert harborlight.brand_name == "Harborlight Health"
    assert harborlight.starting_price_text == "Starting at $250/month"
    assert harborlight.coverage_sentence == "Available in Florida (all 67 counties) and New Jersey (all 21 counties)."
    assert {"Miami-Dade", "Broward", "Palm Beach", "Hillsborough", "Orange", "Duval"} <= set(
        harborlight.areas[0]["counties"]
    )
    assert [inclusion.value for inclusion in harborlight.inclusions][:3] == [
        "Board-certified physician",
        "Medication delivered to your door",
        "Care team messaging 7 days a week",
    ]
    assert harborlight.cta_label == "Book a consultation"
    harborlight_pricing = LandingPage.objects.child_of(site(HARBORLIGHT).root_page).get(slug="pricing")
    assert harborlight.cta_page.specific == harborlight_pricing

    assert garden_state.brand_name == "Garden State Ketamine Care"
    assert garden_state.starting_price_text == "Starting at $300/month"
    assert garden_state.coverage_sentence == "Available in New Jersey (all 21 counties)."
    assert {"Bergen", "Essex", "Hudson", "Middlesex", "Monmouth", "Morris"} <= set(garden_state.areas[0]["counties"])
    assert garden_state.cta_page.get_parent().pk == site(GARDEN_STATE).root_page_id

    for settings in (harborlight, garden_state):
        for area in settings.areas:
            assert len(area["counties"]) == area["county_count"], area["state"]
        assert re.fullmatch(r"\(\d{3}\) 555-01\d\d", settings.phone)
        assert settings.email.endswith("@example.com")
        assert settings.hours
        assert "not medical advice" in settings.disclaimer
        assert "988" in settings.disclaimer
        assert "911" in settings.disclaimer
        assert len(settings.inclusions) >= 3
        assert len(settings.header_links) >= 3
        assert len(settings.footer_columns) >= 2
        assert settings.logo
        assert settings.favicon
        assert settings.logo.width > settings.logo.height
        assert settings.favicon.width == settings.favicon.height >= 180
        settings.full_clean()
    assert harborlight.primary_colour != garden_state.primary_colour
    assert harborlight.disclaimer != garden_state.disclaimer
    assert harborlight.logo != garden_state.logo

    if apps.is_installed("newsletter"):
        newsletter = apps.get_model("newsletter", "NewsletterSettings")
        headings = {newsletter.for_site(site(host)).heading for host in (HARBORLIGHT, GARDEN_STATE)}
        assert len(headings) == 2


def test_every_page_of_both_sites_renders_on_its_own_hostname(client, demo_site):
    for host, brand, price in (
        (HARBORLIGHT, "Harborlight Health", "Starting at $250/month"),
        (GARDEN_STATE, "Garden State Ketamine Care", "Starting at $300/month"),
    ):
        home = client.get("/", headers={"host": host})
        assert home.status_code == 200, host
        page = html(home)
        assert brand in page.title.get_text()
        assert page.select_one(".site-header__brand img")["alt"] == brand
        assert price in page.select_one(".pricing").get_text()
        assert page.select(".coverage__counties li")

        for slug in LANDING_PAGES[host]:
            response = client.get(f"/{slug}/", headers={"host": host})
            assert response.status_code == 200, (host, slug)
            assert html(response).title.get_text().endswith(f"| {brand}"), (host, slug)
        pricing = html(client.get("/pricing/", headers={"host": host}))
        assert price in pricing.select_one(".pricing").get_text()
        assert pricing.select(".faq__item")
        state = html(client.get("/ketamine-therapy-in-new-jersey/", headers={"host": host}))
        assert "Bergen" in state.select_one(".coverage").get_text()

        for link in page.select(".site-nav a, .footer-column a"):
            assert client.get(link["href"], headers={"host": host}).status_code == 200, (host, link["href"])

    # Each hub lists its own site's articles and nothing of the other's.
    for host, other in ((HARBORLIGHT, GARDEN_STATE), (GARDEN_STATE, HARBORLIGHT)):
        hub = html(client.get("/resources/", headers={"host": host}))
        listed = {link.get_text(strip=True) for link in hub.select(".card__title a")}
        own = set(ArticlePage.objects.child_of(hub_of(site(host))).values_list("title", flat=True))
        others = set(ArticlePage.objects.child_of(hub_of(site(other))).values_list("title", flat=True))
        assert listed, host
        assert listed <= own, host
        assert not listed & others, host
    assert client.get("/resources/a-guide-for-sitters/", headers={"host": HARBORLIGHT}).status_code == 200
    assert client.get("/resources/a-guide-for-sitters/", headers={"host": GARDEN_STATE}).status_code == 404
    assert client.get("/ketamine-therapy-in-florida/", headers={"host": GARDEN_STATE}).status_code == 404


def test_running_it_again_changes_nothing(db):
    call_command("seed_demo", "--admin-password", "first-password", stdout=io.StringIO())

    def snapshot():
        newsletter = apps.get_model("newsletter", "NewsletterSettings") if apps.is_installed("newsletter") else None
        return (
            list(Page.objects.order_by("pk").values_list("id", "path", "title", "live", "latest_revision_id")),
            list(Site.objects.order_by("pk").values_list("id", "hostname", "port", "root_page_id", "is_default_site")),
            Revision.objects.count(),
            list(Image.objects.order_by("pk").values_list("id", "file", "file_hash")),
            list(SiteSettings.objects.order_by("pk").values()),
            list(newsletter.objects.order_by("pk").values()) if newsletter else [],
            list(Person.objects.order_by("pk").values()),
            list(ResourceCategory.objects.order_by("pk").values()),
        )

    before = snapshot()
    out = io.StringIO()
    call_command("seed_demo", "--admin-password", "another-password", stdout=out)
    assert snapshot() == before
    assert "Nothing new" in out.getvalue()
    assert "Imported 0 new, updated 0, unchanged 12" in out.getvalue()


@pytest.mark.parametrize("name", ["harbor-dawn.jpg", "pine-shade.jpg", "garden-state-logo.png"])
def test_pictures_are_drawn_the_same_way_every_time(name):
    # picture_bytes() keeps one copy per process; draw afresh to compare.
    make_images.picture_bytes.cache_clear()
    first = make_images.picture_bytes(name)
    make_images.picture_bytes.cache_clear()
    assert make_images.picture_bytes(name) == first
