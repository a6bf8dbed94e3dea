"""The search reports: each site's team reads its own visitors' searches, and downloads them safely."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from cms.tests.demo_teams import (  # noqa: F401 (_demo and _uploads_… are fixtures)
    GARDEN_STATE,
    HARBORLIGHT,
    _demo,
    _uploads_in_a_temporary_folder,
    signed_in,
    user,
)

pytestmark = pytest.mark.django_db
# Found nothing, so listed under "Searches with no results".
ATTACK = '=HYPERLINK("http://evil.example/x","x")'
# Found articles, so counted under "Popular searches".
FOUND_ATTACK = '@SUM(1+1)*cmd|" /C calc"!A0 ketamine'


@pytest.fixture
def searched():
    """Anonymous visitors searched both sites, two of them for formulas."""
    visitor = Client()
    searches = (
        (HARBORLIGHT, ATTACK),
        (HARBORLIGHT, FOUND_ATTACK),
        (HARBORLIGHT, "zzharbor"),
        (GARDEN_STATE, "zzgarden"),
    )
    for host, query in searches:
        assert visitor.get("/search/", {"q": query}, headers={"host": host}).status_code == 200


def download(client: Client, url_name: str) -> list[list[str]]:
    response = client.get(reverse(url_name), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize(
    ("report", "attack"),
    [("site_search_reports:unanswered", ATTACK), ("site_search_reports:popular", FOUND_ATTACK)],
)
def test_a_search_that_looks_like_a_formula_is_text_in_the_csv(searched, report, attack):
    cells = [cell for row in download(signed_in("admin"), report) for cell in row]

    # Both reports keep searches in lower case.
    assert f"'{attack.lower()}" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


@pytest.mark.parametrize(
    ("username", "own", "other"),
    [("harborlight-editor", "zzharbor", "zzgarden"), ("garden-state-manager", "zzgarden", "zzharbor")],
)
def test_the_no_results_report_shows_only_the_users_own_sites(searched, username, own, other):
    team = signed_in(username)

    listing = team.get(reverse("site_search_reports:unanswered")).content.decode()
    cells = [cell for row in download(team, "site_search_reports:unanswered") for cell in row]

    assert own in listing
    assert other not in listing
    assert own in cells
    assert other not in cells


def test_an_administrator_sees_every_sites_searches_with_no_results(searched):
    listing = signed_in("admin").get(reverse("site_search_reports:unanswered")).content.decode()

    assert "zzharbor" in listing
    assert "zzgarden" in listing
