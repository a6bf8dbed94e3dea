"""With Redis unreachable, the site works uncached: pages, search, suggest and signups answer as usual,
rate limits let requests through rather than refusing everyone, and each ignored cache error is logged.

The same with gunicorn and a redis-server that is killed mid-run is in test_outages.py.
"""

import logging

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from cms.settings.environment import redis_cache
from cms.tests.processes import free_port
from newsletter.models import Subscriber
from resources.tests.builders import make_article, make_site

SIGNUP = {"email": "pat@example.org", "website": "", "next": "/", "consent": ""}
AS_SIGNUP_JS = {"Origin": "http://testserver", "Accept": "application/json", "X-Requested-With": "fetch"}


@pytest.fixture
def redis_down(settings):
    """The production cache settings (cms/settings/base.py), pointing at a port where nothing listens."""
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}


@pytest.mark.django_db
def test_without_redis_everything_answers_uncached_and_the_errors_are_logged(redis_down, caplog):
    _site, _home, hub = make_site(hostname="localhost", title="Harbor Light")
    make_article(hub, "Blood pressure checks")
    visitor = Client()

    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        home = visitor.get("/")
        again = visitor.get("/")
        search = visitor.get("/search/", {"q": "blood"})
        suggest = visitor.get("/search/suggest/", {"q": "blo"})
        signups = [visitor.post("/newsletter/subscribe/", SIGNUP, headers=AS_SIGNUP_JS) for _ in range(3)]

    assert (home.status_code, again.status_code) == (200, 200)
    assert again["X-Page-Cache"] == "miss"  # rendered again: nothing could be kept
    titles = BeautifulSoup(search.content, "html.parser").select(".search-result__title a")
    assert [title.get_text() for title in titles] == ["Blood pressure checks"]
    assert suggest.json()["results"]
    # The signup's rate limit cannot count without the cache, and lets the signup through.
    assert [response.status_code for response in signups] == [200, 200, 200]
    assert Subscriber.objects.get().email == "pat@example.org"
    ignored = [record for record in caplog.records if record.name == "django_redis.cache"]
    assert ignored
    assert {record.getMessage() for record in ignored} == {"Exception ignored"}
