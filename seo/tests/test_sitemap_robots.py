"""/sitemap.xml read with an XML parser and /robots.txt with the standard library's robots parser, per site."""

from datetime import date, datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from defusedxml import ElementTree
from django.utils import timezone

from marketing.models import SiteSettings
from seo.tests.world import JERSEY_HOST, MAIN_HOST, SITES, fresh, page_url, render

pytestmark = pytest.mark.django_db

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
CRAWLERS = ["*", "Googlebot", "Bingbot"]


def sitemap(client, host) -> dict[str, date]:
    """Each address the sitemap lists, with the date it says the page last changed."""
    response = client.get("/sitemap.xml", headers={"host": host})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    entries = {}
    for url in root.findall(f"{{{SITEMAP_NS}}}url"):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc")
        lastmod = url.findtext(f"{{{SITEMAP_NS}}}lastmod")
        assert loc not in entries, f"{loc} listed twice"
        assert lastmod, f"{loc} has no lastmod"
        entries[loc] = datetime.fromisoformat(lastmod).date() if "T" in lastmod else date.fromisoformat(lastmod)
    return entries


def robots(client, host) -> RobotFileParser:
    response = client.get("/robots.txt", headers={"host": host})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    parser = RobotFileParser(f"http://{host}/robots.txt")
    parser.parse(response.content.decode().splitlines())
    return parser


def absolute(page, host):
    return f"http://{host}{page_url(page)}"


def indexable_pages(tree):
    return [tree.home, tree.hub, tree.reviewed_article, tree.plain_article, tree.landing]


@pytest.mark.parametrize("site", SITES)
def test_sitemap_lists_the_sites_own_live_public_indexable_pages(client, world, site):
    tree = world.site(site)
    entries = sitemap(client, tree.host)
    expected = {absolute(page, tree.host): page for page in indexable_pages(tree)}
    assert set(entries) == set(expected)
    for loc, page in expected.items():
        assert urlsplit(loc).hostname == tree.host
        assert entries[loc] == timezone.localtime(fresh(page).last_published_at).date(), loc


def test_drafts_private_and_noindex_pages_are_left_out(client, world):
    listed = set(sitemap(client, MAIN_HOST)) | set(sitemap(client, JERSEY_HOST))
    for page in (world.draft, world.private_article, world.noindex_page):
        assert absolute(page, MAIN_HOST) not in listed, page.title
        assert not [loc for loc in listed if urlsplit(loc).path == page_url(page)], page.title
    # The other site's pages never appear in a site's sitemap.
    assert not [loc for loc in sitemap(client, MAIN_HOST) if urlsplit(loc).hostname != MAIN_HOST]


def test_noindex_page_says_so_and_is_left_out_of_the_sitemap(client, world):
    page = render(client, page_url(world.noindex_page), MAIN_HOST)
    assert page.robots == ["noindex"]
    assert page.canonical not in sitemap(client, MAIN_HOST)


def test_ticking_noindex_takes_a_page_out_and_unticking_brings_it_back(client, world):
    landing = fresh(world.jersey.landing)
    url = absolute(landing, JERSEY_HOST)
    assert url in sitemap(client, JERSEY_HOST)
    landing.noindex = True
    landing.save_revision().publish()
    assert url not in sitemap(client, JERSEY_HOST)
    assert render(client, page_url(landing), JERSEY_HOST).robots == ["noindex"]
    landing.noindex = False
    landing.save_revision().publish()
    assert url in sitemap(client, JERSEY_HOST)
    assert render(client, page_url(landing), JERSEY_HOST).robots == []


def test_unpublishing_a_page_takes_it_out_of_the_sitemap(client, world):
    article = fresh(world.main.plain_article)
    url = absolute(article, MAIN_HOST)
    assert url in sitemap(client, MAIN_HOST)
    article.unpublish()
    assert url not in sitemap(client, MAIN_HOST)


@pytest.mark.parametrize("site", SITES)
def test_robots_txt_keeps_crawlers_out_of_admin_and_search_and_names_the_sites_sitemap(client, world, site):
    tree = world.site(site)
    parser = robots(client, tree.host)
    root = tree.root
    for crawler in CRAWLERS:
        for private in ("admin/", "admin/pages/", "search/", "search/?q=ketamine"):
            assert not parser.can_fetch(crawler, root + private), (crawler, private)
        for page in indexable_pages(tree):
            assert parser.can_fetch(crawler, absolute(page, tree.host)), (crawler, page.title)
    assert parser.site_maps() == [f"{root}sitemap.xml"]
    # The sitemap it names is that site's own.
    [named] = parser.site_maps()
    assert {urlsplit(loc).hostname for loc in sitemap(client, urlsplit(named).hostname)} == {tree.host}


@pytest.mark.parametrize("site", SITES)
def test_discouraging_search_engines_closes_that_site_only(client, world, site):
    closed = world.site(site)
    other = world.jersey if site == "main" else world.main
    SiteSettings.objects.filter(pk=closed.settings.pk).update(discourage_search_engines=True)

    parser = robots(client, closed.host)
    for crawler in CRAWLERS:
        assert not parser.can_fetch(crawler, closed.root), crawler
        for page in indexable_pages(closed):
            assert not parser.can_fetch(crawler, absolute(page, closed.host)), (crawler, page.title)
    assert sitemap(client, closed.host) == {}
    for page in indexable_pages(closed):
        assert render(client, page_url(page), closed.host).robots == ["noindex"], page.title

    # The other site is untouched.
    parser = robots(client, other.host)
    assert parser.can_fetch("*", other.root)
    assert parser.site_maps() == [f"{other.root}sitemap.xml"]
    assert set(sitemap(client, other.host)) == {absolute(page, other.host) for page in indexable_pages(other)}
    assert render(client, page_url(other.home), other.host).robots == []


def test_unticking_discourage_reopens_the_site(client, world):
    settings = SiteSettings.objects.get(pk=world.main.settings.pk)
    settings.discourage_search_engines = True
    settings.save()
    assert sitemap(client, MAIN_HOST) == {}
    settings.discourage_search_engines = False
    settings.save()
    assert robots(client, MAIN_HOST).can_fetch("*", world.main.root)
    assert len(sitemap(client, MAIN_HOST)) == len(indexable_pages(world.main))
