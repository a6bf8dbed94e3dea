"""The signup form on cached pages: no per-visitor CSRF token; the browser's Origin (or Referer) is checked instead."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry

from newsletter.models import Subscriber

from .conftest import SUBSCRIBE_URL

pytestmark = pytest.mark.django_db

REFUSED = "We couldn’t accept this signup"


@pytest.fixture
def article(site):
    """The article of a live site (its setting rows exist, as on every site that has been visited)."""
    for model in registry:
        if issubclass(model, BaseSiteSetting):
            model.for_site(site)
    return site.article


def form_on(response) -> dict:
    """What the signup form on this page sends, with an address typed in."""
    form = BeautifulSoup(response.content, "html.parser").select_one("form[data-newsletter-form]")
    assert form["action"] == SUBSCRIBE_URL
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    return {**data, "email": "pat@example.org"}


@pytest.fixture
def cached_form(article):
    """The form as a visitor gets it from the page cache, without any cookie of their own."""
    visitor = Client()
    assert visitor.get(article.url)["X-Page-Cache"] == "miss"
    page = visitor.get(article.url)
    assert page["X-Page-Cache"] == "hit"
    return page


def post_from_browser(headers: dict, data: dict, **kwargs):
    """A POST with Django's CSRF checks enforced, as from a real browser without cookies."""
    return Client(enforce_csrf_checks=True).post(SUBSCRIBE_URL, data, headers=headers, **kwargs)


def test_a_cached_page_has_the_form_but_no_token_and_sets_no_cookie(cached_form):
    html = cached_form.content.decode()

    assert "data-newsletter-form" in html
    assert "csrfmiddlewaretoken" not in html
    assert not cached_form.cookies
    assert "Set-Cookie" not in cached_form.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/resources/what-to-expect/"},
        {"Origin": "http://testserver", "Referer": "https://elsewhere.example/"},
    ],
    ids=["origin", "referer only", "origin wins over referer"],
)
def test_the_form_from_a_cached_page_signs_up_from_this_sites_pages(cached_form, article, headers):
    response = post_from_browser(headers, form_on(cached_form))

    assert response.status_code == 303
    assert response["Location"] == f"{article.url}#newsletter"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.source_page_id) == ("pat@example.org", article.pk)
    assert "emails from Harbor Light" in subscriber.consent_text


def test_with_javascript_it_signs_up_too(cached_form):
    response = post_from_browser({"Origin": "http://testserver", "X-Requested-With": "fetch"}, form_on(cached_form))

    assert response.json()["ok"] is True
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "https://testserver"},  # the right host over another scheme
        {"Origin": "null"},
        {"Origin": "https://evil.example", "Referer": "http://testserver/"},
        {"Referer": "https://evil.example/newsletter.html"},
        {"Referer": "not a url"},
        {},
    ],
    ids=[
        "other site",
        "look-alike host",
        "other scheme",
        "null",
        "origin wins",
        "referer elsewhere",
        "bad referer",
        "no origin or referer",
    ],
)
@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_signup_from_anywhere_else_gets_the_friendly_403_and_stores_nothing(cached_form, headers, javascript):
    if javascript:
        headers = {**headers, "X-Requested-With": "fetch"}

    response = post_from_browser(headers, form_on(cached_form))

    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    assert 'content="noindex"' in response.content.decode()
    assert not Subscriber.objects.exists()
    assert CookieStorage.cookie_name not in response.cookies


@pytest.mark.parametrize(
    ("origin", "accepted"),
    [
        ("https://www.harborlight.example", True),
        ("https://news.clinic.example", True),
        ("https://clinic.example", True),
        ("http://news.clinic.example", False),
        ("https://clinic.example.evil", False),
    ],
)
def test_csrf_trusted_origins_may_send_the_form(settings, cached_form, origin, accepted):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.harborlight.example", "https://*.clinic.example"]

    response = post_from_browser({"Origin": origin}, form_on(cached_form))

    assert response.status_code == (303 if accepted else 403)
    assert Subscriber.objects.exists() == accepted


def test_over_https_the_origin_must_be_https(cached_form):
    form = form_on(cached_form)

    assert post_from_browser({"Origin": "http://testserver"}, form, secure=True).status_code == 403
    assert post_from_browser({"Origin": "https://testserver"}, form, secure=True).status_code == 303


def test_without_javascript_the_thank_you_shows_on_the_cached_page(cached_form, article):
    """The redirect back carries the message in a cookie: that visit bypasses the cache, later ones hit again."""
    browser = Client(enforce_csrf_checks=True, headers={"Origin": "http://testserver"})
    browser.post(SUBSCRIBE_URL, form_on(cached_form))

    back = browser.get(article.url)
    status = BeautifulSoup(back.content, "html.parser").select_one(".newsletter__status").get_text()

    assert back["X-Page-Cache"] == "bypass"
    assert status == "Thanks! You're on the list."
    later = browser.get(article.url)
    assert later["X-Page-Cache"] == "hit"
    assert BeautifulSoup(later.content, "html.parser").select_one(".newsletter__status").get_text() == ""
