"""Whatever a visitor (or a bot) sends, search answers calmly: 200 or a 4xx, never a 500."""

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.tests.builders import make_article, make_site
from search.query import MAX_QUERY_LENGTH, clean_query

NASTY_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    '"unbalanced',
    "it's",
    "AND OR NOT * : ( )",
    "NOT",
    "blood AND (pressure OR",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "nul\x00byte",
    "emoji 😀💊",
    "שלום עולם",
    "مرحبا",
    "%00%27",
    "\\",
    "*",
    "a" * 201,
]


@pytest.fixture
def site_with_article(db, settings):
    settings.SEARCH_RATE = "1000000/m"  # one test client sends every example
    _, _, hub = make_site()
    make_article(hub, "Blood pressure checks", summary="Readings before each session.")
    return hub


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_odd_queries_get_a_page(client, site_with_article, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    suggest = client.get("/search/suggest/", {"q": query})
    assert suggest.status_code == 200
    assert isinstance(suggest.json()["results"], list)


@pytest.mark.parametrize("page", ["-1", "abc", "99999", "0", "1.5", "", "\x00"])
def test_odd_page_numbers_show_a_real_page(client, site_with_article, page):
    response = client.get("/search/", {"q": "blood", "page": page})
    assert response.status_code == 200
    titles = [a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(".search-result__title a")]
    assert titles == ["Blood pressure checks"]


@pytest.mark.parametrize("category", ["nope" * 100, "\x00", "caf\u00e9\n"])
def test_unknown_category_is_ignored(client, site_with_article, category):
    # PostgreSQL refuses NUL in text: the view must never send it there.
    response = client.get("/search/", {"q": "blood", "category": category})
    assert response.status_code == 200


def test_long_queries_are_cut():
    assert len(clean_query("word " * 5_000)) <= MAX_QUERY_LENGTH
    assert clean_query("a\x00b\tc\n") == "a b c"


def test_posting_to_search_is_refused(client, site_with_article):
    assert client.post("/search/", {"q": "blood"}).status_code == 405


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(max_size=300),
    page=st.one_of(st.none(), st.text(max_size=12), st.integers(min_value=-(10**6), max_value=10**6).map(str)),
    category=st.one_of(st.none(), st.text(max_size=40)),
)
def test_any_text_and_parameters_get_200_or_4xx(client, site_with_article, query, page, category):
    params = {"q": query}
    if page is not None:
        params["page"] = page
    if category is not None:
        params["category"] = category
    response = client.get("/search/", params)
    assert 200 <= response.status_code < 500
    suggest = client.get("/search/suggest/", {"q": query})
    assert 200 <= suggest.status_code < 500
