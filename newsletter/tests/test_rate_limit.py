"""At most NEWSLETTER_SIGNUP_RATE (10 an hour) signup posts per client address; past it, a friendly 429 and
nothing stored, for the plain form and for signup.js alike."""

import pytest

from newsletter.models import Subscriber

from .conftest import SUBSCRIBE_URL

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT": "application/json"}
VISITOR = "203.0.113.7"
NEIGHBOUR = "198.51.100.9"


def sign_up(client, form_data, number, address=VISITOR, **extra):
    return client.post(
        SUBSCRIBE_URL, {**form_data, "email": f"reader{number}@example.org"}, REMOTE_ADDR=address, **extra
    )


def test_the_eleventh_signup_in_an_hour_gets_a_friendly_page_and_is_not_stored(client, site, form_data):
    answers = [sign_up(client, form_data, number) for number in range(10)]
    assert {response.status_code for response in answers} == {303}
    assert Subscriber.objects.count() == 10

    refused = sign_up(client, form_data, 10)

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Please try again a little later" in page
    assert "too many sign-ups from your network" in page
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "no-store" in refused["Cache-Control"]
    assert Subscriber.objects.count() == 10


def test_with_javascript_the_refusal_is_json_the_script_shows(client, site, form_data, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "2/h"
    sign_up(client, form_data, 1, **FETCH)
    sign_up(client, form_data, 2, **FETCH)

    refused = sign_up(client, form_data, 3, **FETCH)

    assert refused.status_code == 429
    assert refused.json()["ok"] is False
    assert refused.json()["message"].startswith("We've had too many sign-ups from your network")
    assert not Subscriber.objects.filter(email="reader3@example.org").exists()


def test_another_address_can_still_sign_up(client, site, form_data, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "2/h"
    for number in range(3):
        sign_up(client, form_data, number)

    assert sign_up(client, form_data, 3, NEIGHBOUR).status_code == 303
    assert Subscriber.objects.filter(email="reader3@example.org").exists()


def test_invalid_and_refused_posts_count_too(client, site, form_data, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "2/h"
    client.post(SUBSCRIBE_URL, {**form_data, "email": "not an address"}, REMOTE_ADDR=VISITOR)
    client.post(SUBSCRIBE_URL, form_data, REMOTE_ADDR=VISITOR, HTTP_ORIGIN="https://elsewhere.example")

    assert sign_up(client, form_data, 1).status_code == 429
    assert Subscriber.objects.count() == 0


def test_visitors_behind_the_trusted_proxy_each_have_their_own_count(client, site, form_data, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "2/h"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for number in range(2):
        sign_up(client, form_data, number, "10.0.0.2", HTTP_X_FORWARDED_FOR=VISITOR)

    assert sign_up(client, form_data, 2, "10.0.0.2", HTTP_X_FORWARDED_FOR=VISITOR).status_code == 429
    assert sign_up(client, form_data, 3, "10.0.0.2", HTTP_X_FORWARDED_FOR=NEIGHBOUR).status_code == 303
    # A visitor who talks to gunicorn directly cannot pose as many with a made-up header.
    for number in range(4, 7):
        last = sign_up(client, form_data, number, VISITOR, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert last.status_code == 429
