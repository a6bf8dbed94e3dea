"""Rate limits per client address: search suggestions (SEARCH_SUGGEST_RATE, 120 a minute, then a JSON 429)
and the search page (SEARCH_RATE, 60 a minute, then a page asking to wait)."""

import pytest

from cms.tests.test_environment import GOOD_KEY, read_settings
from resources.tests.builders import make_article, make_site

pytestmark = pytest.mark.django_db

SUGGEST_URL = "/search/suggest/"
VISITOR = "203.0.113.7"


@pytest.fixture
def hub(db):
    _, _, hub = make_site()
    make_article(hub, "Blood pressure checks")
    return hub


def test_past_120_a_minute_suggestions_answer_429_with_json_the_script_reads_as_no_suggestions(client, hub):
    answers = [client.get(SUGGEST_URL, {"q": ""}, REMOTE_ADDR=VISITOR) for _ in range(120)]
    assert {response.status_code for response in answers} == {200}

    refused = client.get(SUGGEST_URL, {"q": "blood"}, REMOTE_ADDR=VISITOR)

    assert refused.status_code == 429
    assert refused.json()["results"] == []
    assert "Too many requests" in refused.json()["error"]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]


def test_other_visitors_still_get_suggestions(client, hub, settings):
    settings.SEARCH_SUGGEST_RATE = "2/m"
    for _ in range(3):
        client.get(SUGGEST_URL, {"q": "blood"}, REMOTE_ADDR=VISITOR)

    other = client.get(SUGGEST_URL, {"q": "blood"}, REMOTE_ADDR="198.51.100.9")

    assert other.status_code == 200
    assert [result["title"] for result in other.json()["results"]] == ["Blood pressure checks"]


# The search page ----------------------------------------------------------------------------------


def test_past_search_rate_the_search_page_answers_429_with_a_friendly_page(client, hub, settings):
    # Counted per hour here: a minute's window could close in the middle of the test.
    settings.SEARCH_RATE = "3/h"
    answers = [client.get("/search/", {"q": f"blood {n}"}, REMOTE_ADDR=VISITOR) for n in range(3)]
    assert {response.status_code for response in answers} == {200}

    refused = client.get("/search/", {"q": "blood"}, REMOTE_ADDR=VISITOR)

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Please wait a minute, then search again" in html
    assert "Blood pressure checks" not in html
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "no-store" in refused["Cache-Control"]
    assert client.get("/search/", {"q": "blood"}, REMOTE_ADDR="198.51.100.9").status_code == 200


def test_sixty_searches_a_minute_by_default_and_the_rate_comes_from_the_environment():
    assert read_settings(["SEARCH_RATE"], SECRET_KEY=GOOD_KEY) == {"SEARCH_RATE": "60/m"}
    assert read_settings(["SEARCH_RATE"], SECRET_KEY=GOOD_KEY, SEARCH_RATE="20/m") == {"SEARCH_RATE": "20/m"}
