"""Editors list, search, filter and download subscribers; nobody types consent in by hand."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Subscriber
from resources.tests.builders import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(db):
    florida, _, florida_hub = make_site(hostname="florida.localhost", title="Florida", default=True)
    jersey, *_ = make_site(hostname="jersey.localhost", title="New Jersey", default=False)
    now = timezone.now()
    Subscriber.objects.create(
        site=florida,
        email="ann@example.org",
        consent_text="I agree, Florida.",
        consented_at=now - timezone.timedelta(days=2),
        source_page=florida_hub,
        source_url="http://florida.localhost/resources/",
    )
    Subscriber.objects.create(
        site=jersey,
        email="=cmd@example.org",
        consent_text="I agree, New Jersey.",
        consented_at=now - timezone.timedelta(days=1),
        unsubscribed_at=now,
    )
    return florida, jersey


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "password")
    client.force_login(user)
    return client


def index(**params):
    url = reverse("subscribers:index")
    return url + ("?" + "&".join(f"{key}={value}" for key, value in params.items()) if params else "")


def test_the_listing_shows_every_subscriber_with_its_columns(editor, two_sites):
    response = editor.get(index())

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("ann@example.org", "=cmd@example.org", "Florida", "New Jersey", "Resources"):
        assert text in html
    columns = [str(column.label) for column in response.context["table"].columns.values()]
    assert columns == ["Email", "Site", "Consented at", "Source page", "Status"]
    assert "Unsubscribed" in html
    assert reverse("subscribers:add") not in html


def test_the_listing_is_searchable_by_email(editor, two_sites):
    response = editor.get(index(q="ann@"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "ann@example.org" in html
    assert "=cmd@example.org" not in html


def test_the_listing_filters_by_site_and_by_unsubscribed(editor, two_sites):
    _, jersey = two_sites

    by_site = editor.get(index(site=jersey.pk)).content.decode()
    unsubscribed = editor.get(index(unsubscribed="true")).content.decode()
    subscribed = editor.get(index(unsubscribed="false")).content.decode()

    assert "=cmd@example.org" in by_site
    assert "ann@example.org" not in by_site
    assert "=cmd@example.org" in unsubscribed
    assert "ann@example.org" not in unsubscribed
    assert "ann@example.org" in subscribed
    assert "=cmd@example.org" not in subscribed


def test_editors_download_the_list_as_csv(editor, two_sites):
    response = editor.get(index(export="csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="newsletter-subscribers.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Email", "Site", "Consented at", "Consent text", "Source url", "Unsubscribed at"]
    body = [row[:2] + row[3:5] for row in rows[1:]]
    # Newest first; an address that a spreadsheet would run as a formula is defused.
    assert body == [
        ["'=cmd@example.org", "jersey.localhost", "I agree, New Jersey.", ""],
        ["ann@example.org", "florida.localhost", "I agree, Florida.", "http://florida.localhost/resources/"],
    ]
    assert rows[1][5] != ""
    assert rows[2][5] == ""


def test_the_csv_export_follows_the_filters(editor, two_sites):
    florida, _ = two_sites

    response = editor.get(index(export="csv", site=florida.pk))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row[0] for row in rows[1:]] == ["ann@example.org"]


def test_nobody_can_add_a_subscriber_in_the_admin(editor, two_sites):
    response = editor.post(reverse("subscribers:add"), {"email": "made@up.example", "unsubscribed_at": ""})

    assert response.status_code in (302, 403)
    assert not Subscriber.objects.filter(email="made@up.example").exists()


def test_editing_only_records_an_unsubscribe_and_consent_stays_as_given(editor, two_sites):
    ann = Subscriber.objects.get(email="ann@example.org")
    url = reverse("subscribers:edit", args=[ann.pk])

    form = editor.get(url)
    response = editor.post(
        url,
        {
            "unsubscribed_at": "2030-01-01 10:00",
            "email": "changed@example.org",
            "consent_text": "Something else",
        },
    )

    assert form.status_code == 200
    assert 'name="consent_text"' not in form.content.decode()
    assert response.status_code == 302
    ann.refresh_from_db()
    assert ann.unsubscribed_at is not None
    assert ann.email == "ann@example.org"
    assert ann.consent_text == "I agree, Florida."


def test_the_inspect_view_shows_what_was_agreed_to(editor, two_sites):
    ann = Subscriber.objects.get(email="ann@example.org")

    response = editor.get(reverse("subscribers:inspect", args=[ann.pk]))

    assert response.status_code == 200
    assert "I agree, Florida." in response.content.decode()


def test_the_admin_menu_has_a_subscribers_item(editor, two_sites):
    html = editor.get(reverse("wagtailadmin_home")).content.decode()

    assert "Subscribers" in html
    assert reverse("subscribers:index") in html


def test_the_listing_filters_by_sign_up_date(editor, two_sites):
    today = timezone.localdate()
    yesterday, two_days_ago = today - timezone.timedelta(days=1), today - timezone.timedelta(days=2)

    recent = editor.get(index(consented_at_from=yesterday.isoformat())).content.decode()
    older = editor.get(index(consented_at_to=two_days_ago.isoformat())).content.decode()

    assert "=cmd@example.org" in recent
    assert "ann@example.org" not in recent
    assert "ann@example.org" in older
    assert "=cmd@example.org" not in older
    assert 'name="consented_at_from"' in older  # the date range picker is in the filters
