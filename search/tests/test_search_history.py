"""The search reports' history stays bounded: made-up searches add no popular terms, and old rows are forgotten."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from resources.tests.builders import make_article, make_site
from search.models import UnansweredSearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    site, _, hub = make_site()
    site.article = make_article(hub, "Blood pressure checks")
    return site


def test_searches_that_find_nothing_add_no_popular_search_terms(client, site):
    for n in range(5):
        client.get("/search/", {"q": f"zzz made up {n}"})
    client.get("/search/", {"q": "blood pressure"})

    assert list(Query.objects.values_list("query_string", flat=True)) == ["blood pressure"]
    assert UnansweredSearch.objects.count() == 5


def prune() -> str:
    out = io.StringIO()
    call_command("prune_search_history", stdout=out)
    return out.getvalue()


def test_pruning_forgets_searches_older_than_search_history_days_and_keeps_the_rest(site, settings):
    settings.SEARCH_HISTORY_DAYS = 30
    now = timezone.now()
    UnansweredSearch.objects.create(site=site, query_string="old", last_searched_at=now - timedelta(days=31))
    UnansweredSearch.objects.create(site=site, query_string="recent", last_searched_at=now - timedelta(days=29))
    old, recent, promoted = Query.get("old term"), Query.get("recent term"), Query.get("promoted term")
    QueryDailyHits.objects.create(query=old, date=now.date() - timedelta(days=31), hits=4)
    QueryDailyHits.objects.create(query=recent, date=now.date() - timedelta(days=29), hits=2)
    SearchPromotion.objects.create(query=promoted, page=site.article, sort_order=0)

    output = prune()

    assert list(UnansweredSearch.objects.values_list("query_string", flat=True)) == ["recent"]
    assert set(Query.objects.values_list("query_string", flat=True)) == {"recent term", "promoted term"}
    assert "1 searches with no results forgotten" in output
    assert prune().startswith("Kept 30 days of searches: 0 searches")  # idempotent
