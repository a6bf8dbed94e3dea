"""Unsubscribing from the link in an e-mail: a confirmation first, then one press of a button."""

import pytest
from django.core import signing
from django.utils import timezone

from newsletter.models import Subscriber
from resources.tests.builders import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(site):
    return Subscriber.objects.create(
        site=site, email="jane@example.org", consent_text="I agree.", consented_at=timezone.now()
    )


def test_the_link_is_a_signed_path(subscriber):
    url = subscriber.unsubscribe_url()

    assert url.startswith("/newsletter/unsubscribe/")
    token = url.removeprefix("/newsletter/unsubscribe/").rstrip("/")
    assert signing.TimestampSigner(salt="newsletter.unsubscribe").unsign(token) == str(subscriber.pk)


def test_opening_the_link_asks_for_confirmation_and_changes_nothing(client, subscriber):
    response = client.get(subscriber.unsubscribe_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post">' in html
    assert "csrfmiddlewaretoken" in html
    assert '<button type="submit" class="button">Unsubscribe</button>' in html
    assert "jane@example.org" in html
    assert 'content="noindex"' in html
    assert "no-cache" in response["Cache-Control"]
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


def test_pressing_the_button_unsubscribes(client, subscriber):
    response = client.post(subscriber.unsubscribe_url())

    assert response.status_code == 200
    assert "You have been unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.is_subscribed


def test_pressing_it_twice_keeps_the_first_date(client, subscriber):
    client.post(subscriber.unsubscribe_url())
    subscriber.refresh_from_db()
    first = subscriber.unsubscribed_at

    response = client.post(subscriber.unsubscribe_url())

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == first


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "1:abc:def",
        signing.TimestampSigner(salt="another.salt").sign("1"),
        signing.TimestampSigner(salt="newsletter.unsubscribe").sign("not-a-number"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_link_gets_a_friendly_400_page(client, subscriber, token, method):
    response = getattr(client, method)(f"/newsletter/unsubscribe/{token}/")

    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


def test_a_link_for_a_deleted_subscriber_gets_the_same_friendly_page(client, subscriber):
    url = subscriber.unsubscribe_url()
    subscriber.delete()

    response = client.get(url)

    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.content.decode()


def test_a_tampered_link_cannot_unsubscribe_someone_else(client, subscriber, site):
    other = Subscriber.objects.create(
        site=site, email="sam@example.org", consent_text="ok", consented_at=timezone.now()
    )
    _, timestamp, signature = subscriber.unsubscribe_token().split(":")

    response = client.post(f"/newsletter/unsubscribe/{other.pk}:{timestamp}:{signature}/")

    assert response.status_code == 400
    other.refresh_from_db()
    assert other.is_subscribed


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_does_nothing_on_another_sites_host(client, subscriber, method):
    make_site(hostname="jersey.localhost", title="Garden State", default=False)

    response = getattr(client, method)(subscriber.unsubscribe_url(), headers={"host": "jersey.localhost"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "jane@example.org" not in html
    subscriber.refresh_from_db()
    assert subscriber.is_subscribed
