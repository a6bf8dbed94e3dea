"""Every public page type renders in a fixed number of queries, however big the library grows.

The site is the demo (``seed_demo``: two sites with their settings, navigation,
footers, landing pages, people, categories and images), with the Harborlight hub
cut to 5 of its articles. Each page below is measured there, then again after the
hub has grown to 500 articles with more categories, tags, people and images.

How one figure is measured, the same way for every page and both sizes:

- The URL is requested once first, as by an earlier visitor. That visit creates the
  image renditions (production keeps them in the database from then on) and fills
  the caches that live in each worker process (content types, the page cache's
  host -> site map).
- ``cache.clear()`` then empties the shared cache (the page cache, Wagtail's site
  root paths and rendition cache, the site cache generations), so the measured
  request is a page-cache miss (asserted) against a cold cache: the worst case, as
  after a deploy or a cache flush.
- Queries are counted with ``CaptureQueriesContext`` inside the test's transaction,
  as in ``resources/tests/test_hub.py``; the figures are the same on SQLite and
  PostgreSQL.

A figure that changes is a regression to explain, or an improvement to write down.
"""

import io

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import Site

from resources.models import ArticlePage, Person, ResourceCategory, ResourcesIndexPage
from resources.tests.builders import make_articles_in_bulk, make_image

HOST = "localhost:8000"  # Harborlight Health, the default demo site
SMALL, LARGE = 5, 500

HOME_QUERIES = 15
LANDING_QUERIES = 16
HUB_QUERIES = 23
HUB_PAGE_2_QUERIES = 23
HUB_CATEGORY_QUERIES = 23
ARTICLE_QUERIES = 23
SEARCH_QUERIES = 17
# Past search.views.RANKED_CANDIDATES matches, ranking reads the title matches
# in one more query: a fixed step, not growth.
SEARCH_PAST_RANKED_CANDIDATES = 1
NOT_FOUND_QUERIES = 11
RSS_QUERIES = 13
ATOM_QUERIES = 13
SITEMAP_QUERIES = 10

# page: (URL, status, queries with 5 articles, queries with 500)
PAGES = {
    "home": ("/", 200, HOME_QUERIES, HOME_QUERIES),
    "landing": ("/how-it-works/", 200, LANDING_QUERIES, LANDING_QUERIES),
    "hub": ("/resources/", 200, HUB_QUERIES, HUB_QUERIES),
    # With 5 articles there is one page: ?page=2 shows the nearest, page 1.
    "hub page 2": ("/resources/?page=2", 200, HUB_PAGE_2_QUERIES, HUB_PAGE_2_QUERIES),
    "hub by category": ("/resources/?category=safety", 200, HUB_CATEGORY_QUERIES, HUB_CATEGORY_QUERIES),
    "article": ("/resources/ketamine-and-your-other-medicines/", 200, ARTICLE_QUERIES, ARTICLE_QUERIES),
    "search": ("/search/?q=ketamine", 200, SEARCH_QUERIES, SEARCH_QUERIES + SEARCH_PAST_RANKED_CANDIDATES),
    "404": ("/no-such-page/", 404, NOT_FOUND_QUERIES, NOT_FOUND_QUERIES),
    "RSS": ("/resources/feed/rss/", 200, RSS_QUERIES, RSS_QUERIES),
    "Atom": ("/resources/feed/atom/", 200, ATOM_QUERIES, ATOM_QUERIES),
    "sitemap": ("/sitemap.xml", 200, SITEMAP_QUERIES, SITEMAP_QUERIES),
}

# The article measured, the Safety articles the category filter lists, and the
# articles the footer links to stay; the hub's other demo articles go.
KEPT_ARTICLES = {
    "ketamine-and-your-other-medicines",
    "safety-at-home-what-we-monitor",
    "is-at-home-ketamine-therapy-right-for-me",
    "side-effects-what-is-common-and-when-to-call",
    "understanding-the-cost-of-ketamine-therapy",
}


def queries_for(client, url: str, status: int) -> int:
    assert client.get(url, headers={"host": HOST}).status_code == status, url  # the earlier visitor
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"host": HOST})
    assert response.status_code == status, url
    assert response.get("X-Page-Cache") != "hit", url
    return len(queries)


def grow(hub, count: int) -> None:
    """Add ``count`` articles, with new categories, tags, people and images besides the demo's."""
    categories = list(ResourceCategory.objects.all()) + [
        ResourceCategory.objects.create(name=f"Topic {n}", slug=f"topic-{n}", sort_order=100 + n) for n in range(8)
    ]
    people = list(Person.objects.all()) + [
        Person.objects.create(name=f"Clinician {n}", role="Physician", photo=make_image(f"Clinician {n}", (96, 96)))
        for n in range(6)
    ]
    # Small originals: renditions (AVIF among them) are made quickly; their size changes no query.
    images = [make_image(f"Library image {n}", (480, 270)) for n in range(6)]
    tags = list(Tag.objects.all()) + [
        Tag.objects.create(name=f"topic tag {n}", slug=f"topic-tag-{n}") for n in range(30)
    ]
    make_articles_in_bulk(hub, count, categories=categories, people=people, images=images, tags=tags)


def test_every_public_page_type_renders_in_the_same_queries_for_5_or_500_articles(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    site = Site.objects.get(hostname="localhost", port=8000)
    hub = ResourcesIndexPage.objects.descendant_of(site.root_page).get()
    for article in ArticlePage.objects.child_of(hub).exclude(slug__in=KEPT_ARTICLES):
        article.delete()
    assert ArticlePage.objects.child_of(hub).live().count() == SMALL

    small = {name: queries_for(client, url, status) for name, (url, status, _, _) in PAGES.items()}
    grow(hub, LARGE - SMALL)
    assert ArticlePage.objects.child_of(hub).live().count() == LARGE
    large = {name: queries_for(client, url, status) for name, (url, status, _, _) in PAGES.items()}

    measured = {name: (small[name], large[name]) for name in PAGES}
    expected = {name: (with_small, with_large) for name, (_, _, with_small, with_large) in PAGES.items()}
    assert measured == expected, f"queries per page (with {SMALL} articles, with {LARGE}): {measured}"
