"""Search suggestions: at most SEARCH_SUGGEST_RATE (120 a minute) per client address, then a JSON 429."""

import pytest

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
