import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.site_cache import invalidate_all_sites
from resources.models import FeaturedArticle
from resources.tests.builders import days_ago, make_article, make_category, make_image, make_person, make_site

ATOM = "{http://www.w3.org/2005/Atom}"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response):
    return [
        a.get_text(strip=True) for a in soup(response).select("section[aria-labelledby=latest-title] .card__title a")
    ]


@pytest.fixture
def hub(db):
    _, _, hub = make_site()
    return hub


@pytest.fixture
def library(hub):
    """Fifteen live articles, one a day, plus a draft; two categories and a tag."""
    basics, safety = make_category("Treatment basics", 1), make_category("Safety", 2)
    for day in range(15):
        make_article(
            hub,
            f"Article {day:02d}",
            category=basics if day % 3 else safety,
            tags=["sleep"] if day % 5 == 0 else [],
            published=days_ago(day),
        )
    make_article(hub, "Unpublished draft", category=basics, live=False)
    return hub


def test_hub_lists_newest_first_twelve_a_page(client, library):
    first = client.get("/resources/")
    assert first.status_code == 200
    assert card_titles(first) == [f"Article {day:02d}" for day in range(12)]
    second = client.get("/resources/?page=2")
    assert card_titles(second) == ["Article 12", "Article 13", "Article 14"]
    pagination = soup(second).select_one("nav.pagination")
    assert pagination.select_one("[aria-current=page]").get_text(" ", strip=True) == "Page 2"
    assert pagination.select_one("a[rel=prev]")["href"] == "?page=1"


@pytest.mark.parametrize(
    ("page", "expected_first"),
    [("abc", "Article 00"), ("-1", "Article 12"), ("99999", "Article 12"), ("", "Article 00")],
)
def test_bad_page_numbers_show_the_nearest_page(client, library, page, expected_first):
    response = client.get(f"/resources/?page={page}")
    assert response.status_code == 200
    assert card_titles(response)[0] == expected_first


def test_drafts_never_listed(client, library):
    assert "Unpublished draft" not in client.get("/resources/").content.decode()


def test_category_filter_with_counts(client, library):
    response = client.get("/resources/?category=safety")
    assert response.status_code == 200
    assert card_titles(response) == ["Article 00", "Article 03", "Article 06", "Article 09", "Article 12"]
    filters = {a.get_text(" ", strip=True) for a in soup(response).select("nav[aria-label=Categories] a")}
    assert filters == {"All", "Treatment basics (10)", "Safety (5)"}
    assert soup(response).select_one("nav[aria-label=Categories] [aria-current]").get_text(" ", strip=True) == (
        "Safety (5)"
    )


def test_tag_filter_keeps_the_category(client, library):
    response = client.get("/resources/?category=safety&tag=sleep")
    assert card_titles(response) == ["Article 00"]
    tag_link = soup(response).select_one("nav[aria-label=Tags] a")["href"]
    assert "category=safety" in tag_link
    assert "tag=sleep" in tag_link


def test_filter_links_drop_the_page_number(client, library):
    response = client.get("/resources/?page=2")
    category_link = soup(response).select("nav[aria-label=Categories] a")[1]["href"]
    assert "page=" not in category_link


@pytest.mark.parametrize(
    "query", ["category=no-such-thing", "tag=nope", "category=%00", "tag=%00", "category=" + "x" * 500]
)
def test_unknown_filter_is_a_helpful_404(client, library, query):
    response = client.get(f"/resources/?{query}")
    assert response.status_code == 404
    page = soup(response)
    assert "There is no" in page.select_one(".notice").get_text()
    assert page.select_one(".notice a")["href"] == "/resources/"


def test_pinned_articles_come_first_once(client, library):
    pinned = library.get_children().get(title="Article 10").specific
    FeaturedArticle.objects.create(hub=library, article=pinned, sort_order=0)
    response = client.get("/resources/")
    featured = [a.get_text(strip=True) for a in soup(response).select("section[aria-labelledby=pinned-title] a")]
    assert featured == ["Article 10"]
    assert "Article 10" not in card_titles(response)
    assert "pinned-title" not in client.get("/resources/?page=2").content.decode()


def test_cards_show_image_category_title_summary_time_and_author(client, hub):
    make_article(
        hub, "Card", category=make_category(), author=make_person(), image=make_image(), summary="Short and clear."
    )
    card = soup(client.get("/resources/")).select_one(".card")
    assert card.select_one("picture img")["loading"] == "lazy"
    assert card.select_one(".card__category").get_text() == "Treatment basics"
    assert card.select_one(".card__summary").get_text() == "Short and clear."
    assert card.select_one(".card__meta").get_text() == "1 min read · Dr. Maya Okafor"


def test_related_articles_share_a_topic_and_stay_on_the_site(client, hub, db):
    basics = make_category()
    article = make_article(hub, "Main", category=basics, tags=["sleep"])
    make_article(hub, "Same category", category=basics, published=days_ago(1))
    make_article(hub, "Same tag", tags=["sleep"], published=days_ago(2))
    make_article(hub, "Unrelated", published=days_ago(3))
    make_article(hub, "Related draft", category=basics, live=False)
    _, _, other_hub = make_site("other.localhost", title="Other brand", default=False)
    make_article(other_hub, "Other site", category=basics, tags=["sleep"])
    for day in range(4, 8):
        make_article(hub, f"Older {day}", category=basics, published=days_ago(day))

    related = [a.get_text(strip=True) for a in soup(client.get(article.url)).select(".related .card__title a")]
    assert related == ["Same category", "Same tag", "Older 4"]


def test_an_article_without_tags_is_related_by_its_category(client, hub, db):
    basics = make_category()
    article = make_article(hub, "Untagged", category=basics)
    make_article(hub, "Same category", category=basics, published=days_ago(1))
    make_article(hub, "Tagged elsewhere", tags=["sleep"], published=days_ago(2))

    related = [a.get_text(strip=True) for a in soup(client.get(article.url)).select(".related .card__title a")]
    assert related == ["Same category"]


def parse_rss(response):
    return ET.fromstring(response.content)


def test_rss_feed_lists_only_this_hubs_live_articles(client, library):
    _, _, other_hub = make_site("other.localhost", title="Other brand", default=False)
    make_article(other_hub, "Other site article")
    response = client.get("/resources/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_rss(response).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [f"Article {day:02d}" for day in range(15)]
    first = channel.find("item")
    assert first.findtext("link") == "http://localhost/resources/article-00/"
    assert first.findtext("pubDate")
    assert first.findtext("description") == "A short summary of Article 00."


def test_atom_feed_parses_and_is_linked_from_the_hub(client, library):
    response = client.get("/resources/feed/atom/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 15
    assert entries[0].find(f"{ATOM}link").get("href") == "http://localhost/resources/article-00/"
    head = soup(client.get("/resources/")).head
    assert head.find("link", type="application/atom+xml")["href"] == "/resources/feed/atom/"
    assert head.find("link", type="application/rss+xml")["href"] == "/resources/feed/rss/"


def queries_for(client, url) -> int:
    client.get(url)  # warm caches and create image renditions
    invalidate_all_sites()  # as a publish would: the page is rendered afresh, not served from the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow_library(hub, count, start):
    categories = [make_category(f"Category {start + n}", n) for n in range(3)]
    author = make_person(f"Author {start}", "Physician")
    image = make_image(f"Image {start}")
    for n in range(count):
        make_article(
            hub,
            f"Bulk {start + n}",
            category=categories[n % 3],
            tags=[f"tag-{n % 4}", f"extra-{start}"],
            author=author,
            image=image,
            published=days_ago(n + start),
        )


# Measured on SQLite and PostgreSQL alike: the same number of queries for 5 or
# 50 articles (more categories, tags and people included).
HUB_QUERIES = 16
ARTICLE_QUERIES = 14


def test_hub_queries_do_not_grow_with_the_library(client, hub):
    grow_library(hub, 5, start=0)
    small = queries_for(client, "/resources/")
    grow_library(hub, 45, start=100)
    large = queries_for(client, "/resources/")
    assert (small, large) == (HUB_QUERIES, HUB_QUERIES)


def test_article_queries_do_not_grow_with_the_library(client, hub):
    grow_library(hub, 5, start=0)
    article = hub.get_children().live().first().specific
    small = queries_for(client, article.url)
    grow_library(hub, 45, start=100)
    large = queries_for(client, article.url)
    assert (small, large) == (ARTICLE_QUERIES, ARTICLE_QUERIES)
