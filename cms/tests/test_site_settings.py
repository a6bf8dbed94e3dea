"""Site settings are read once per site generation in each process, and every edit still shows at once."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage

from cms.tests.conftest import FLORIDA, JERSEY
from cms.tests.test_environment import GOOD_KEY, read_settings
from marketing.tests.builders import make_site_settings

SETTINGS_TABLES = ("marketing_sitesettings", "newsletter_newslettersettings", "wagtailseo_seosettings")

pytestmark = pytest.mark.usefixtures("page_cache_off")


def page(url, host=FLORIDA):
    response = Client().get(url, headers={"host": host})
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    return BeautifulSoup(response.content, "html.parser")


def settings_queries(url, host=FLORIDA) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        page(url, host)
    return [query["sql"] for query in queries if any(table in query["sql"] for table in SETTINGS_TABLES)]


def test_a_page_rendered_again_reads_no_site_settings(two_sites):
    assert settings_queries(two_sites.article.url)  # the first page the process renders for the site reads them

    assert settings_queries(two_sites.article.url) == []
    assert settings_queries("/") == []


def test_each_site_shows_its_own_settings(two_sites):
    for _ in range(2):
        assert page("/", FLORIDA).select_one(".site-header__brand img")["alt"] == "Harborlight Health"
        assert "Garden State Ketamine" in page("/", JERSEY).select_one(".site-header__brand").get_text()


def test_a_saved_setting_shows_on_the_next_request(two_sites):
    page(two_sites.article.url)
    page("/", JERSEY)

    make_site_settings(two_sites.florida, brand_name="Harborlight Clinic", phone="(800) 555-0199")

    assert page(two_sites.article.url).select_one(".site-header__brand img")["alt"] == "Harborlight Clinic"
    assert "(800) 555-0199" in page("/").select_one(".footer-contact").get_text()
    assert settings_queries("/", JERSEY) == []  # the other site's settings are still remembered


def test_a_menu_link_shows_its_pages_new_address_once_the_page_moves(two_sites):
    hub = two_sites.hub
    assert page("/").select_one(".site-nav a")["href"] == "/resources/"

    hub.slug = "library"
    hub.save_revision().publish()

    assert page("/").select_one(".site-nav a")["href"] == "/library/"


def test_an_edited_logo_shows_at_once(two_sites):
    logo = two_sites.logo
    before = page("/").select_one(".site-header__brand img")["src"]

    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 160), (179, 78, 18)).save(buffer, "JPEG")
    logo.file = ImageFile(buffer, name="new-logo.jpg")
    logo.width, logo.height = 640, 160
    logo.save()
    logo.renditions.all().delete()  # as the admin's image edit does when the file changes

    after = page("/").select_one(".site-header__brand img")
    assert after["src"] != before
    assert "new-logo" in after["src"]


def test_switched_off_every_request_reads_the_settings(two_sites, settings):
    settings.SITE_SETTINGS_CACHE = False
    page(two_sites.article.url)

    assert settings_queries(two_sites.article.url)


def test_remembered_settings_are_on_by_default_only_with_redis():
    redis = {"REDIS_URL": "redis://cache.internal:6379/2"}
    assert read_settings(["SITE_SETTINGS_CACHE"], SECRET_KEY=GOOD_KEY) == {"SITE_SETTINGS_CACHE": False}
    assert read_settings(["SITE_SETTINGS_CACHE"], SECRET_KEY=GOOD_KEY, **redis) == {"SITE_SETTINGS_CACHE": True}
    switched_off = read_settings(["SITE_SETTINGS_CACHE"], SECRET_KEY=GOOD_KEY, **redis, SITE_SETTINGS_CACHE="0")
    assert switched_off == {"SITE_SETTINGS_CACHE": False}
