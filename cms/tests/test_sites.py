"""The site answering a host is remembered per process, and every change to the sites shows at once."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from cms.tests.conftest import FLORIDA, JERSEY
from home.models import HomePage
from marketing.tests.builders import make_site_settings

pytestmark = pytest.mark.usefixtures("page_cache_off")


def brand(host: str) -> str:
    response = Client().get("/", headers={"host": host})
    assert response.status_code == 200
    header = BeautifulSoup(response.content, "html.parser").select_one(".site-header__brand")
    return header.img["alt"] if header.img else header.get_text(strip=True)


def site_queries(host: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        brand(host)
    return sum('FROM "wagtailcore_site"' in query["sql"] for query in queries)


def test_a_host_is_looked_up_once_then_remembered(two_sites):
    assert site_queries(FLORIDA) == 2  # the site, then again once its generation is read
    assert site_queries(FLORIDA) == 0
    assert site_queries(JERSEY) == 2
    assert site_queries(JERSEY) == 0


def test_each_host_gets_its_own_site(two_sites):
    for _ in range(2):
        assert brand(FLORIDA) == "Harborlight Health"
        assert brand(JERSEY) == "Garden State Ketamine"
        assert brand("unknown.localhost") == "Harborlight Health"  # the default site


def test_a_host_given_to_a_new_site_gets_it_at_once(two_sites):
    assert brand("keys.localhost") == "Harborlight Health"
    keys_home = HomePage(title="Florida Keys", slug="keys-home")
    Page.get_first_root_node().add_child(instance=keys_home)
    keys = Site.objects.create(hostname="keys.localhost", port=80, root_page=keys_home, site_name="Keys")
    make_site_settings(keys, brand_name="Keys Ketamine Care")

    assert brand("keys.localhost") == "Keys Ketamine Care"


def test_a_host_moved_away_from_a_site_falls_back_to_the_default_at_once(two_sites):
    jersey = two_sites.jersey
    assert brand(JERSEY) == "Garden State Ketamine"

    jersey.hostname = "nj.localhost"
    jersey.save()

    assert brand(JERSEY) == "Harborlight Health"
    assert brand("nj.localhost") == "Garden State Ketamine"


def test_a_deleted_sites_host_falls_back_to_the_default_at_once(two_sites):
    jersey = two_sites.jersey
    assert brand(JERSEY) == "Garden State Ketamine"

    jersey.delete()

    assert brand(JERSEY) == "Harborlight Health"


def test_a_new_home_page_for_a_site_shows_at_once(two_sites):
    florida = two_sites.florida
    brand(FLORIDA)
    new_home = HomePage(title="Harborlight, renewed", slug="harborlight-renewed")
    Page.get_first_root_node().add_child(instance=new_home)
    new_home.save_revision().publish()

    florida.root_page = new_home
    florida.save()

    response = Client().get("/", headers={"host": FLORIDA})
    assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "Harborlight, renewed"


def test_a_host_outside_allowed_hosts_is_refused(two_sites):
    assert Client().get("/", headers={"host": "evil.example"}).status_code == 400


def test_switched_off_every_request_looks_the_site_up(two_sites, settings):
    settings.SITE_SETTINGS_CACHE = False
    brand(FLORIDA)

    assert site_queries(FLORIDA) == 1
