"""Search the current site's live, public pages: relevance, scope, facets, promotions, bad input."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from resources.tests.builders import make_article, make_category, make_person, make_site
from search.models import UnansweredSearch


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def result_titles(response) -> list[str]:
    return [a.get_text() for a in soup(response).select(".search-results .search-result__title a")]


def body(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


@pytest.fixture
def library(db):
    site, _, hub = make_site()
    safety, costs, basics = make_category("Safety", 1), make_category("Costs and coverage", 2), make_category("Basics")
    author = make_person("Dr. Maya Okafor", "Physician")
    articles = {
        "title": make_article(
            hub,
            "Blood pressure checks during treatment",
            category=safety,
            summary="Why we measure before and after each session.",
            body=body("Your sitter records readings."),
        ),
        "body": make_article(
            hub,
            "Getting ready for your first session",
            category=basics,
            summary="A checklist for the day.",
            body=body("Eat lightly. Someone should check your blood pressure if your doctor asks."),
        ),
        "faq": make_article(
            hub,
            "Paying for treatment",
            category=costs,
            summary="Prices, receipts and accounts.",
            body=[
                (
                    "faq",
                    {
                        "title": "",
                        "items": [
                            {
                                "question": "Can I use my HSA?",
                                "answer": "<p>Many flexible spending accounts allow it.</p>",
                            }
                        ],
                    },
                ),
                ("callout", {"style": "note", "title": "", "text": "<p>Ask for an itemised superbill.</p>"}),
                ("heading", {"text": "Reimbursement from insurers", "level": "h2", "anchor": ""}),
            ],
        ),
        "author": make_article(
            hub, "Questions to ask your care team", category=basics, author=author, summary="Bring a list."
        ),
    }
    return site, hub, articles


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


def test_a_phrase_from_a_title_puts_that_article_first(client, library):
    response = search(client, "blood pressure")
    assert response.status_code == 200
    titles = result_titles(response)
    assert titles[0] == "Blood pressure checks during treatment"
    assert "Getting ready for your first session" in titles


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("flexible spending", "Paying for treatment"),  # FAQ answer
        ("superbill", "Paying for treatment"),  # callout
        ("reimbursement insurers", "Paying for treatment"),  # heading block
        ("okafor", "Questions to ask your care team"),  # author name
        ("coverage", "Paying for treatment"),  # category name
    ],
)
def test_text_inside_blocks_and_related_names_is_found(client, library, query, expected):
    assert expected in result_titles(search(client, query))


def test_other_sites_drafts_and_private_pages_never_appear(client, library):
    _, hub, _ = library
    make_article(hub, "Blood pressure draft", live=False)
    private = make_article(hub, "Blood pressure members only")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    _, _, other_hub = make_site("other.localhost", title="Other brand", default=False)
    make_article(other_hub, "Blood pressure on another site")

    titles = result_titles(search(client, "blood pressure"))
    assert not [title for title in titles if "draft" in title or "members" in title or "another site" in title]
    other = result_titles(client.get("/search/", {"q": "blood pressure"}, headers={"host": "other.localhost"}))
    assert other == ["Blood pressure on another site"]


def test_highlights_are_escaped(client, library):
    _, hub, _ = library
    make_article(hub, "Script <b>test</b> article", summary="Contains <script>alert(1)</script> and sleep tips.")
    page = search(client, "sleep").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and <mark>sleep</mark> tips" in page
    assert "Script &lt;b&gt;test&lt;/b&gt; article" in page
    reflected = search(client, '"><script>alert(2)</script>').content.decode()
    assert "<script>alert(2)" not in reflected
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in reflected


def test_category_facets_with_counts_and_filter(client, library):
    response = search(client, "session")
    facets = [a.get_text(" ", strip=True) for a in soup(response).select("nav.filters a")]
    assert facets[0] == "All"
    assert "Safety (1)" in facets
    assert "Basics (1)" in facets
    filtered = search(client, "session", category="basics")
    assert result_titles(filtered) == ["Getting ready for your first session"]
    assert soup(filtered).select_one(".search-page__count").get_text(strip=True) == "1 result in Basics"


def test_results_show_summary_category_reading_time_and_url(client, library):
    result = soup(search(client, "blood pressure")).select_one(".search-result")
    assert result.select_one(".card__category").get_text() == "Safety"
    assert "<mark>" in str(result.select_one(".search-result__title"))
    assert "1 min read" in result.select_one(".card__meta").get_text()
    assert (
        result.select_one(".search-result__url").get_text()
        == "http://localhost/resources/blood-pressure-checks-during-treatment/"
    )


def test_ten_results_a_page(client, library):
    _, hub, _ = library
    for n in range(23):
        make_article(hub, f"Sleep guide {n}", summary="About sleep.")
    first = search(client, "sleep")
    assert len(result_titles(first)) == 10
    assert soup(first).select_one(".search-page__count").get_text(strip=True) == "23 results"
    assert len(result_titles(search(client, "sleep", page="3"))) == 3


def test_promoted_result_comes_first_and_is_marked(client, library):
    _, _, articles = library
    SearchPromotion.objects.create(query=Query.get("blood pressure"), page=articles["faq"], sort_order=0)
    response = search(client, "Blood Pressure")
    first = soup(response).select_one(".search-results li")
    assert "search-result--promoted" in first["class"]
    assert first.select_one(".search-result__badge").get_text() == "Recommended"
    assert result_titles(response)[0] == "Paying for treatment"
    assert result_titles(response).count("Paying for treatment") == 1


def test_zero_result_queries_are_recorded_per_site(client, library):
    site, _, _ = library
    response = search(client, "xylophone")
    assert "No results for “xylophone”" in response.content.decode()
    assert soup(response).select(".search-suggestions .card")  # latest articles suggested
    search(client, "Xylophone")
    record = UnansweredSearch.objects.get()
    assert (record.site, record.query_string, record.searches) == (site, "xylophone", 2)


def test_popular_queries_are_counted(client, library):
    search(client, "blood pressure")
    search(client, "blood pressure")
    assert Query.get("blood pressure").hits == 2


def test_empty_search_suggests_topics_and_articles(client, library):
    page = soup(client.get("/search/"))
    assert page.h1.get_text() == "Search our resources"
    assert [a.get_text(" ", strip=True) for a in page.select("#popular-topics ~ ul a")][:1] == ["Basics (2)"]
    assert len(page.select(".search-suggestions .card")) == 3


def test_suggestions_are_cached_until_the_site_changes(client, library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, hub, _ = library
    with CaptureQueriesContext(connection) as first:
        client.get("/search/")
    with CaptureQueriesContext(connection) as second:
        cached = soup(client.get("/search/"))
    assert len(second) <= len(first) - 4  # categories, latest articles and the hub come from the cache
    assert len(cached.select(".search-suggestions .card")) == 3

    make_article(hub, "Sleep after a session", summary="Rest well.")
    latest = soup(client.get("/search/")).select(".search-suggestions .card")
    assert "Sleep after a session" in latest[0].get_text()


def test_search_pages_are_noindex(client, library):
    response = search(client, "blood")
    assert response["X-Robots-Tag"] == "noindex"
    assert soup(response).find("meta", attrs={"name": "robots", "content": "noindex"})


def test_every_page_has_the_search_box(client, library):
    _, hub, _ = library
    for url in ("/", hub.url):
        form = soup(client.get(url)).select_one("header form[role=search]")
        assert form["action"] == "/search/"
        assert form.find("input", attrs={"name": "q", "type": "search"})


def test_suggest_returns_up_to_eight_titles_for_a_prefix(client, library):
    _, hub, _ = library
    for n in range(10):
        make_article(hub, f"Bloodwork explained part {n}")
    data = client.get("/search/suggest/", {"q": "bloo"}).json()["results"]
    assert len(data) == 8
    assert all(item["title"].lower().startswith("blood") for item in data)
    assert all(item["url"].startswith("/resources/") for item in data)
    assert client.get("/search/suggest/", {"q": " "}).json() == {"results": []}


def test_index_follows_publish_unpublish_move_and_delete(client, library):
    _, _, articles = library
    article = articles["title"]
    article.unpublish()
    assert "Blood pressure checks during treatment" not in result_titles(search(client, "blood pressure"))
    article.save_revision().publish()
    assert "Blood pressure checks during treatment" in result_titles(search(client, "blood pressure"))

    _, _, other_hub = make_site("other.localhost", title="Other brand", default=False)
    article.move(other_hub, pos="last-child")
    assert "Blood pressure checks during treatment" not in result_titles(search(client, "blood pressure"))
    moved = client.get("/search/", {"q": "blood pressure"}, headers={"host": "other.localhost"})
    assert "Blood pressure checks during treatment" in result_titles(moved)

    article.refresh_from_db()
    article.delete()
    moved = client.get("/search/", {"q": "blood pressure"}, headers={"host": "other.localhost"})
    assert result_titles(moved) == []


def test_counting_stops_at_the_limit(client, library, monkeypatch):
    monkeypatch.setattr("search.views.COUNT_LIMIT", 5)
    _, hub, _ = library
    for n in range(8):
        make_article(hub, f"Sleep routine {n}", summary="About sleep.")
    response = search(client, "sleep")
    assert soup(response).select_one(".search-page__count").get_text(strip=True) == "More than 5 results"
    assert len(result_titles(response)) == 5


def test_past_the_ranking_cap_the_best_matches_are_paged(client, library, monkeypatch):
    monkeypatch.setattr("search.views.COUNT_LIMIT", 6)
    monkeypatch.setattr("search.views.RANKED_CANDIDATES", 3)
    _, hub, _ = library
    for n in range(8):
        make_article(hub, f"Sleep routine {n}", summary="About sleep.")
    page = soup(search(client, "sleep"))
    assert page.select_one(".search-page__count").get_text(strip=True) == "More than 6 results"
    assert page.select_one(".search-page__hint").get_text(strip=True).startswith("Showing the 3 best matches.")
    assert len(page.select(".search-results .search-result__title a")) == 3
    beyond = client.get("/search/", {"q": "sleep", "page": 2})
    assert beyond.status_code == 200
    assert len(result_titles(beyond)) == 3  # the last page there is, never an empty one


def test_past_the_limit_title_matches_are_still_ranked(library, monkeypatch):
    from search.views import SafeResults, site_pages

    monkeypatch.setattr("search.views.COUNT_LIMIT", 3)
    monkeypatch.setattr("search.views.RANKED_CANDIDATES", 2)
    site, hub, articles = library
    # Newer articles that mention the words only in their bodies fill the first matches.
    for n in range(6):
        make_article(hub, f"Routine {n}", summary="Daily notes.", body=body("Check your blood pressure daily."))
    results = SafeResults(site_pages(site), "blood pressure", "and")
    assert results.more_than_counted
    assert len(results.first_pks) == 4  # counting stopped at the limit + 1
    newest = list(hub.get_children().order_by("-first_published_at", "-id").values_list("pk", flat=True)[:2])
    assert results.first_pks[:2] == newest
    assert articles["title"].pk not in results.first_pks
    title_matches = set(results.title_match_pks())
    assert articles["title"].pk in title_matches
    ranked = {page.pk for page in results.ranked()}
    assert ranked == set(newest) | title_matches


@pytest.mark.postgres
def test_pages_reuse_query_plans_but_full_text_searches_are_planned_for_their_words(client, library):
    articles = library[2]
    for _ in range(6):  # psycopg prepares a statement on its sixth run
        assert client.get("/search/?q=blood+pressure").status_code == 200
        assert client.get(articles["title"].url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('"resources_articlepage"' in statement for statement in prepared)
    assert not any("@@" in statement for statement in prepared)  # a full-text match
    assert connection.connection.prepare_threshold == 5  # restored after each search


@pytest.mark.postgres
def test_title_matches_can_use_the_trigram_index(library):
    from search.views import SafeResults, site_pages

    site = library[0]
    title_matches = SafeResults(site_pages(site), "blood pressure", "and").title_matches()
    assert [page.title for page in title_matches] == ["Blood pressure checks during treatment"]
    # The index serves the expression Django's icontains writes (a handful of pages here, so the
    # planner is asked to show it can).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "wagtailcore_page_title_upper_trgm" in Page.objects.filter(title__icontains="pressure").order_by().explain()
