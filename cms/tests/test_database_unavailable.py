"""While the database does not answer, visitors and editors get a calm 503 that tells them to try again.

The error view (``handler500``) turns a lost database connection into a 503 with Retry-After from a
template that needs no database, wherever it was raised (a view, the page cache, the session); any
other error still gets the 500 page. The outage itself, with gunicorn and a PostgreSQL that really
stops, is in test_outages.py.
"""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from newsletter.models import Subscriber
from resources.tests.builders import make_site

BACK_SOON = "We’ll be back in a moment"
SIGNUP = {"email": "pat@example.org", "website": "", "next": "/", "consent": ""}
FROM_THE_SITE = {"Origin": "http://localhost"}
AS_SIGNUP_JS = {**FROM_THE_SITE, "Accept": "application/json", "X-Requested-With": "fetch"}


def database_down(error=OperationalError):
    def refuse(*args, **kwargs):
        raise error("connection refused")

    return mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=refuse)


@pytest.fixture
def site(db):
    site, _home, _hub = make_site(hostname="localhost", title="Harbor Light")
    return site


@pytest.fixture
def visitor():
    """A browser: the error reaches the error view instead of being raised into the test."""
    return Client(raise_request_exception=False, headers={"host": "localhost"})


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert BACK_SOON in html
    assert "Traceback" not in html
    assert "connection refused" not in html
    return html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_pages_get_a_503_with_retry_after_while_the_database_is_down(visitor, site, error):
    with database_down(error):
        home = visitor.get("/")
        hub = visitor.get("/resources/")
    assert "this page can’t be shown just now" in assert_unavailable_page(home)
    assert_unavailable_page(hub)


def test_a_page_cached_before_the_outage_is_still_served(visitor, site):
    visitor.get("/")  # the first visit creates the site's setting rows, which retires the page just stored
    assert visitor.get("/")["X-Page-Cache"] == "miss"
    with database_down():
        home = visitor.get("/")
        hub = visitor.get("/resources/")
    assert (home.status_code, home["X-Page-Cache"]) == (200, "hit")
    assert "<title>Harbor Light" in home.content.decode()
    assert_unavailable_page(hub)


def test_the_admin_shows_the_503_page_to_a_signed_in_editor(visitor, site):
    visitor.force_login(get_user_model().objects.create_superuser("editor", password="editing-is-fun-42"))
    assert visitor.get("/admin/").status_code == 200
    with database_down():
        assert_unavailable_page(visitor.get("/admin/"))
        assert_unavailable_page(visitor.get("/admin/pages/"))


def test_a_signup_during_the_outage_says_to_try_again_with_and_without_javascript(visitor, site):
    with database_down():
        with_javascript = visitor.post("/newsletter/subscribe/", SIGNUP, headers=AS_SIGNUP_JS)
        without = visitor.post("/newsletter/subscribe/", SIGNUP, headers=FROM_THE_SITE)

    assert (with_javascript.status_code, with_javascript["Retry-After"]) == (503, "30")
    answer = with_javascript.json()
    assert answer["ok"] is False
    assert "Nothing you sent was saved. Please try again" in answer["message"]
    assert "has <strong>not</strong> been saved" in assert_unavailable_page(without)
    assert not Subscriber.objects.exists()
    # Once the database answers, the same signup goes through.
    assert visitor.post("/newsletter/subscribe/", SIGNUP, headers=AS_SIGNUP_JS).json()["ok"] is True


def test_any_other_error_still_gets_the_500_page(visitor, site):
    with mock.patch("seo.views.discouraged", side_effect=RuntimeError("a bug")):
        response = visitor.get("/robots.txt")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()
