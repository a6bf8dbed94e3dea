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
- Right after, the same page at another address (``?utm_source=``, as from a
  campaign link) is measured: a page-cache miss against a warm cache, the usual
  case. The process remembers the site and its settings by then (``cms/sites.py``,
  ``cms/site_settings.py``).
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
from resources.tests.builders import make_articles_in_bulk, make_category, make_image, make_person

HOST = "localhost:8000"  # Harborlight Health, the default demo site
SMALL, LARGE = 5, 500

# A cold cache: the first page-cache miss after a deploy or a cache flush.
HOME_QUERIES = 11
LANDING_QUERIES = 13
HUB_QUERIES = 20
HUB_PAGE_2_QUERIES = 20
HUB_CATEGORY_QUERIES = 20
ARTICLE_QUERIES = 18
SEARCH_QUERIES = 16
NOT_FOUND_QUERIES = 10
RSS_QUERIES = 13
ATOM_QUERIES = 13
SITEMAP_QUERIES = 11
# A warm cache: the usual page-cache miss, a page nobody has asked for since the last publish. The site
# and its settings are remembered (cms/sites.py, cms/site_settings.py) and the renditions, the site's
# root paths and its generation are in the shared cache.
HOME_WARM_QUERIES = 3
LANDING_WARM_QUERIES = 5
HUB_WARM_QUERIES = 12
HUB_PAGE_2_WARM_QUERIES = 12
HUB_CATEGORY_WARM_QUERIES = 12
ARTICLE_WARM_QUERIES = 10
SEARCH_WARM_QUERIES = 9
NOT_FOUND_WARM_QUERIES = 4
RSS_WARM_QUERIES = 11
ATOM_WARM_QUERIES = 11
SITEMAP_WARM_QUERIES = 7

# page: (URL, status, queries with a cold cache, with a warm one), the same for 5 articles and for 500
PAGES = {
    "home": ("/", 200, HOME_QUERIES, HOME_WARM_QUERIES),
    "landing": ("/how-it-works/", 200, LANDING_QUERIES, LANDING_WARM_QUERIES),
    "hub": ("/resources/", 200, HUB_QUERIES, HUB_WARM_QUERIES),
    # With 5 articles there is one page: ?page=2 shows the nearest, page 1.
    "hub page 2": ("/resources/?page=2", 200, HUB_PAGE_2_QUERIES, HUB_PAGE_2_WARM_QUERIES),
    "hub by category": ("/resources/?category=safety", 200, HUB_CATEGORY_QUERIES, HUB_CATEGORY_WARM_QUERIES),
    "article": ("/resources/ketamine-and-your-other-medicines/", 200, ARTICLE_QUERIES, ARTICLE_WARM_QUERIES),
    "search": ("/search/?q=ketamine", 200, SEARCH_QUERIES, SEARCH_WARM_QUERIES),
    "404": ("/no-such-page/", 404, NOT_FOUND_QUERIES, NOT_FOUND_WARM_QUERIES),
    "RSS": ("/resources/feed/rss/", 200, RSS_QUERIES, RSS_WARM_QUERIES),
    "Atom": ("/resources/feed/atom/", 200, ATOM_QUERIES, ATOM_WARM_QUERIES),
    "sitemap": ("/sitemap.xml", 200, SITEMAP_QUERIES, SITEMAP_WARM_QUERIES),
}
# Past search.views.RANKED_CANDIDATES matches, ranking reads the title matches
# in one more query: a fixed step, not growth.
STEP_AT_500 = {"search": 1}

# The article measured, the Safety articles the category filter lists, and the
# articles the footer links to stay; the hub's other demo articles go.
KEPT_ARTICLES = {
    "ketamine-and-your-other-medicines",
    "safety-at-home-what-we-monitor",
    "is-at-home-ketamine-therapy-right-for-me",
    "side-effects-what-is-common-and-when-to-call",
    "understanding-the-cost-of-ketamine-therapy",
}


def queries_for(client, url: str, status: int) -> tuple[int, int]:
    """Queries of a page-cache miss with a cold cache, then with a warm one."""
    assert client.get(url, headers={"host": HOST}).status_code == status, url  # the earlier visitor
    cache.clear()
    cold = count_queries(client, url, status)
    # Another address of the same page (a query parameter the page ignores, so the page cache renders it
    # and stores nothing): a miss, with everything else warm. Campaign parameters would be a hit.
    warm = count_queries(client, f"{url}{'&' if '?' in url else '?'}warm=1", status)
    return cold, warm


def count_queries(client, url: str, status: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"host": HOST})
    assert response.status_code == status, url
    assert response.get("X-Page-Cache") != "hit", url
    return len(queries)


def grow(hub, count: int) -> None:
    """Add ``count`` articles, with new categories, tags, people and images besides the demo's."""
    site = hub.get_site()
    categories = list(ResourceCategory.objects.filter(site=site)) + [
        make_category(f"Topic {n}", 100 + n, site=site) for n in range(8)
    ]
    people = list(Person.objects.filter(site=site)) + [
        make_person(f"Clinician {n}", site=site, photo=make_image(f"Clinician {n}", (96, 96))) for n in range(6)
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
    expected = {
        name: ((cold, warm), (cold + STEP_AT_500.get(name, 0), warm + STEP_AT_500.get(name, 0)))
        for name, (_, _, cold, warm) in PAGES.items()
    }
    assert measured == expected, f"(cold, warm) queries per page, with {SMALL} articles and {LARGE}: {measured}"
