"""Signing up from the form on any page: stored once per site, with consent, with or without JavaScript."""

import datetime
import re
import time

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.utils import timezone

from newsletter.models import NewsletterSettings, Subscriber
from resources.tests.builders import make_site

from .conftest import SUBSCRIBE_URL, render_signup_form, signed_consent

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
CONSENT = "I agree to receive occasional emails from Harbor Light. Unsubscribe at any time."


def test_a_signup_stores_one_normalised_row_with_site_consent_source_and_time(client, site, form_data):
    before = timezone.now()

    response = client.post(SUBSCRIBE_URL, form_data)

    assert response.status_code == 303
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "jane.doe@example.org"
    assert str(subscriber) == "jane.doe@example.org"
    assert subscriber.site == site
    assert subscriber.consent_text == CONSENT
    assert subscriber.source_page.pk == site.article.pk
    assert subscriber.source_url == f"http://testserver{site.article.url}"
    assert before <= subscriber.consented_at <= timezone.now()
    assert subscriber.unsubscribed_at is None


def test_the_consent_stored_is_the_text_the_visitor_saw_even_if_an_editor_changes_it_meanwhile(
    client, site, form_data
):
    newsletter = NewsletterSettings.for_site(site)
    newsletter.consent_text = "Send me {site} news."
    newsletter.save()

    client.post(SUBSCRIBE_URL, form_data)

    assert Subscriber.objects.get().consent_text == CONSENT


def test_without_the_signed_consent_the_current_text_is_stored_and_a_forged_one_is_ignored(client, site, form_data):
    client.post(SUBSCRIBE_URL, {**form_data, "consent": ""})
    client.post(SUBSCRIBE_URL, {**form_data, "email": "b@example.org", "consent": "I agree to nothing."})

    assert set(Subscriber.objects.values_list("consent_text", flat=True)) == {CONSENT}


def test_the_form_is_the_same_whenever_it_is_rendered_so_a_page_keeps_its_etag(site, monkeypatch):
    request = RequestFactory().get(site.article.url)
    first = render_signup_form(request)

    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)

    assert render_signup_form(request) == first


def test_the_same_address_twice_gets_the_same_friendly_answer_and_one_row(client, site, form_data):
    first = client.post(SUBSCRIBE_URL, form_data, **FETCH)
    again = client.post(SUBSCRIBE_URL, {**form_data, "email": "JANE.DOE@example.org"}, **FETCH)

    assert first.json() == again.json() == {"ok": True, "message": "Thanks! You're on the list."}
    assert Subscriber.objects.count() == 1


def test_signing_up_again_after_unsubscribing_renews_the_consent(client, site, form_data):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Subscriber.objects.create(
        site=site,
        email="jane.doe@example.org",
        consent_text="Old text",
        consented_at=long_ago,
        unsubscribed_at=long_ago,
    )

    client.post(SUBSCRIBE_URL, form_data)

    subscriber = Subscriber.objects.get()
    assert subscriber.unsubscribed_at is None
    assert subscriber.consent_text == CONSENT
    assert subscriber.consented_at > long_ago


def test_an_invalid_address_without_javascript_shows_the_form_again_with_an_inline_error(client, site, form_data):
    response = client.post(SUBSCRIBE_URL, {**form_data, "email": "jane@"})

    assert response.status_code == 400
    assert response.templates[0].name == "newsletter/signup_page.html"
    html = response.content.decode()
    field = re.search(r'<input type="email"[^>]*>', html).group(0)
    assert 'value="jane@"' in field
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="newsletter-email-error"' in field
    assert re.search(
        r'<p class="newsletter__error" id="newsletter-email-error">Enter a valid email address\.</p>', html
    )
    # The visitor still goes back to the article afterwards, from the same page.
    assert f'name="next" value="{site.article.url}"' in html
    assert f'name="source_page" value="{site.article.pk}"' in html
    assert not Subscriber.objects.exists()


def test_an_invalid_address_with_javascript_gets_the_errors_as_json(client, site, form_data):
    response = client.post(SUBSCRIBE_URL, {**form_data, "email": "not an address"}, **FETCH)

    assert response.status_code == 400
    assert response.json() == {"ok": False, "errors": {"email": ["Enter a valid email address."]}}
    assert not Subscriber.objects.exists()


def test_an_empty_address_is_an_error_too(client, site, form_data):
    response = client.post(SUBSCRIBE_URL, {**form_data, "email": ""}, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"email": ["This field is required."]}


@pytest.mark.parametrize("headers", [{}, FETCH], ids=["no-js", "js"])
def test_a_filled_honeypot_looks_like_success_and_stores_nothing(client, site, form_data, headers):
    response = client.post(SUBSCRIBE_URL, {**form_data, "website": "https://spam.example/"}, **headers)

    if headers:
        assert response.json() == {"ok": True, "message": "Thanks! You're on the list."}
    else:
        assert response.status_code == 303
        assert response["Location"] == f"{site.article.url}#newsletter"
    assert not Subscriber.objects.exists()


def test_get_is_not_allowed(client, site):
    assert client.get(SUBSCRIBE_URL).status_code == 405


def test_without_javascript_the_visitor_returns_to_the_form_and_sees_the_message(client, site, form_data):
    response = client.post(SUBSCRIBE_URL, form_data)

    assert response.status_code == 303
    assert response["Location"] == f"{site.article.url}#newsletter"
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["Thanks! You're on the list."]

    # The next page reads the message from the cookie it was stored in.
    next_page = RequestFactory().get(site.article.url, HTTP_COOKIE=f"messages={client.cookies['messages'].value}")
    next_page._messages = CookieStorage(next_page)
    html = render_signup_form(next_page, page=site.article)
    status = re.search(r'<p class="newsletter__status" role="status" aria-live="polite">(.*?)</p>', html).group(1)
    assert status == "Thanks! You&#x27;re on the list."


def test_the_success_message_is_the_one_editors_wrote(client, site, form_data):
    newsletter = NewsletterSettings.for_site(site)
    newsletter.success_message = "Welcome aboard!"
    newsletter.save()

    assert client.post(SUBSCRIBE_URL, form_data, **FETCH).json()["message"] == "Welcome aboard!"


def test_with_javascript_the_answer_is_json(client, site, form_data):
    response = client.post(SUBSCRIBE_URL, form_data, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"ok": True, "message": "Thanks! You're on the list."}
    assert Subscriber.objects.get().email == "jane.doe@example.org"
    assert not list(get_messages(response.wsgi_request))


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "http://testserver.evil.example/", ""],
)
def test_an_unsafe_or_missing_next_goes_back_to_the_home_page(client, site, form_data, unsafe):
    response = client.post(SUBSCRIBE_URL, {**form_data, "next": unsafe})

    assert response.status_code == 303
    assert response["Location"] == "/#newsletter"


def test_next_keeps_its_query_string_and_loses_its_own_fragment(client, site, form_data):
    response = client.post(SUBSCRIBE_URL, {**form_data, "next": "/resources/?page=2#top"})

    assert response["Location"] == "/resources/?page=2#newsletter"


def test_the_same_address_on_two_sites_is_two_rows_each_with_its_own_site(client, db):
    make_site(hostname="florida.localhost", title="Florida", default=True)
    make_site(hostname="jersey.localhost", title="New Jersey", default=False)

    client.post(SUBSCRIBE_URL, {"email": "pat@example.org"}, HTTP_HOST="florida.localhost", **FETCH)
    client.post(SUBSCRIBE_URL, {"email": "pat@example.org"}, HTTP_HOST="jersey.localhost", **FETCH)

    rows = Subscriber.objects.order_by("site__hostname").values_list("site__hostname", "email", "consent_text")
    assert list(rows) == [
        ("florida.localhost", "pat@example.org", CONSENT.replace("Harbor Light", "Florida")),
        ("jersey.localhost", "pat@example.org", CONSENT.replace("Harbor Light", "New Jersey")),
    ]


def test_a_source_page_or_consent_from_another_site_is_not_trusted(client, site, form_data):
    _, jersey_home, _ = make_site(hostname="jersey.localhost", title="New Jersey", default=False)
    jersey_form = render_signup_form(RequestFactory().get("/", HTTP_HOST="jersey.localhost"), page=jersey_home)

    client.post(SUBSCRIBE_URL, {**form_data, "source_page": jersey_home.pk, "consent": signed_consent(jersey_form)})

    subscriber = Subscriber.objects.get()
    assert subscriber.site == site
    assert subscriber.source_page is None
    assert subscriber.consent_text == CONSENT


@pytest.mark.parametrize("source_page", ["abc", "-1", "²", "99999999", "9" * 40])
def test_a_nonsense_source_page_is_ignored(client, site, form_data, source_page):
    response = client.post(SUBSCRIBE_URL, {**form_data, "source_page": source_page})

    assert response.status_code == 303
    assert Subscriber.objects.get().source_page is None
