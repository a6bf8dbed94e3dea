"""Per-site settings: brand, navigation, analytics, and isolation between sites."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from cms.site_cache import site_generation
from marketing.models import ReusableCallToAction
from marketing.tests.builders import make_site_settings
from resources.tests.builders import make_article, make_category, make_site


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def two_sites(db):
    florida, _, fl_hub = make_site("localhost", title="Harborlight Health")
    jersey, _, nj_hub = make_site("jersey.localhost", title="Garden State Ketamine Care", default=False)
    make_site_settings(florida)
    make_site_settings(
        jersey,
        brand_name="Garden State Ketamine Care",
        starting_price=Decimal("300.00"),
        coverage=[("area", {"state": "New Jersey", "county_count": 21, "all_counties": True, "counties": ""})],
        cta_url="https://book.example/garden-state",
        primary_colour="#2a4d8f",
        analytics_measurement_id="G-TEST12345",
    )
    for hub in (fl_hub, nj_hub):
        home = hub.get_parent().specific
        home.body = [("pricing", {"heading": "Pricing", "plans": []}), ("coverage", {"heading": "Coverage"})]
        home.save_revision().publish()
    return {"florida": (florida, fl_hub), "jersey": (jersey, nj_hub)}


def test_each_site_shows_its_own_brand_price_and_coverage(client, two_sites):
    florida = soup(client.get("/", headers={"host": "localhost"}))
    jersey = soup(client.get("/", headers={"host": "jersey.localhost"}))
    assert florida.select_one(".plan__price").get_text(strip=True) == "Starting at $250/month"
    assert jersey.select_one(".plan__price").get_text(strip=True) == "Starting at $300/month"
    assert "Florida" in florida.select_one(".coverage__summary").get_text()
    assert "Florida" not in jersey.select_one(".coverage__summary").get_text()
    assert florida.title.get_text().endswith("| Harborlight Health")
    assert jersey.title.get_text().endswith("| Garden State Ketamine Care")
    assert "--color-brand: #2a4d8f" in jersey.style.get_text()
    assert "--color-brand: #1f5f6b" in florida.style.get_text()


def test_analytics_only_where_a_measurement_id_is_set(client, two_sites):
    florida = client.get("/", headers={"host": "localhost"}).content.decode()
    jersey = soup(client.get("/", headers={"host": "jersey.localhost"}))
    assert "googletagmanager" not in florida
    assert jersey.find("script", src="https://www.googletagmanager.com/gtag/js?id=G-TEST12345")
    assert jersey.find("script", attrs={"data-measurement-id": "G-TEST12345"})


def test_articles_hub_related_and_feeds_stay_on_their_site(client, two_sites):
    shared = make_category()
    _, fl_hub = two_sites["florida"]
    _, nj_hub = two_sites["jersey"]
    fl_article = make_article(fl_hub, "Florida article", category=shared, tags=["sleep"])
    make_article(fl_hub, "Florida neighbour", category=shared, tags=["sleep"])
    make_article(nj_hub, "Jersey article", category=shared, tags=["sleep"])

    fl_hub_page = client.get("/resources/", headers={"host": "localhost"}).content.decode()
    nj_hub_page = client.get("/resources/", headers={"host": "jersey.localhost"}).content.decode()
    assert "Florida article" in fl_hub_page
    assert "Jersey article" not in fl_hub_page
    assert "Jersey article" in nj_hub_page
    assert "Florida article" not in nj_hub_page

    article = client.get(fl_article.get_url(), headers={"host": "localhost"}).content.decode()
    assert "Florida neighbour" in article
    assert "Jersey article" not in article
    # The Florida article's address does not exist on the Jersey site.
    assert client.get("/resources/florida-article/", headers={"host": "jersey.localhost"}).status_code == 404

    nj_feed = client.get("/resources/feed/rss/", headers={"host": "jersey.localhost"}).content.decode()
    assert "Jersey article" in nj_feed
    assert "Florida" not in nj_feed


def test_header_menu_comes_from_the_sites_navigation(client, two_sites):
    florida, fl_hub = two_sites["florida"]
    make_site_settings(florida, header_links=[("link", {"label": "", "page": fl_hub, "url": ""})])
    links = soup(client.get("/", headers={"host": "localhost"})).select("nav[aria-label=Main] a")
    assert [(a.get_text(), a["href"]) for a in links] == [("Resources", "/resources/")]
    assert not soup(client.get("/", headers={"host": "jersey.localhost"})).select("nav[aria-label=Main]")


def test_saving_settings_retires_only_that_sites_cached_pages(two_sites):
    cache.clear()
    florida, _ = two_sites["florida"]
    jersey, _ = two_sites["jersey"]
    before = site_generation(florida.pk), site_generation(jersey.pk)
    make_site_settings(florida, starting_price=Decimal("260.00"))
    assert site_generation(florida.pk) > before[0]
    assert site_generation(jersey.pk) == before[1]


def test_publishing_a_page_or_editing_a_snippet_retires_cached_pages(two_sites):
    cache.clear()
    florida, fl_hub = two_sites["florida"]
    jersey, _ = two_sites["jersey"]
    before = site_generation(florida.pk), site_generation(jersey.pk)
    make_article(fl_hub, "New")
    assert site_generation(florida.pk) > before[0]
    assert site_generation(jersey.pk) == before[1]
    ReusableCallToAction.objects.create(site=florida, name="Everywhere")
    assert site_generation(jersey.pk) > before[1]
