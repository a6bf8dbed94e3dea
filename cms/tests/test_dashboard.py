"""The dashboard tells the content team what to do next: reviews due, drafts, new subscribers."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from cms.dashboard import months_before
from cms.tests.test_environment import GOOD_KEY, read_settings
from newsletter.models import Subscriber
from resources.tests.builders import make_article, make_person, make_site

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def dashboard(client) -> BeautifulSoup:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(page, panel_id):
    return page.select_one(f"#{panel_id}-content")


def rows(panel) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in panel.select("tbody tr")]


def subscribe(site, email, days_ago=0, unsubscribed=False):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return Subscriber.objects.create(
        site=site,
        email=email,
        consent_text="I agree.",
        consented_at=when,
        unsubscribed_at=when if unsubscribed else None,
    )


@pytest.fixture
def two_sites():
    florida, _, florida_hub = make_site(hostname="florida.localhost", title="Harborlight Health", default=True)
    jersey, _, jersey_hub = make_site(hostname="jersey.localhost", title="Garden State Care", default=False)
    return {"florida": (florida, florida_hub), "jersey": (jersey, jersey_hub)}


# --- Medical review due -------------------------------------------------------------------------


def test_articles_never_or_long_ago_reviewed_are_listed_most_overdue_first(admin_client, two_sites):
    _, hub = two_sites["florida"]
    reviewer = make_person("Dr. Elena Marchetti", "Psychiatrist")
    never = make_article(hub, "Never reviewed")
    stale = make_article(hub, "Reviewed long ago", medical_reviewer=reviewer, last_reviewed=months_before(today(), 13))
    make_article(hub, "Reviewed last month", medical_reviewer=reviewer, last_reviewed=months_before(today(), 1))
    edge = make_article(hub, "Reviewed exactly a year ago", last_reviewed=months_before(today(), 12))

    page = dashboard(admin_client)
    due = panel(page, "medical-review-due")

    assert page.select_one("#medical-review-due-heading").get_text(" ", strip=True) == "Medical review due (2)"
    assert "2 articles due" in due.get_text(" ", strip=True)
    assert rows(due) == [
        ["Never reviewed", "Harborlight Health", "None set", "Never"],
        ["Reviewed long ago", "Harborlight Health", "Dr. Elena Marchetti", stale.last_reviewed.strftime("%-d %b %Y")],
    ]
    links = [link["href"] for link in due.select("tbody a")]
    assert links == [reverse("wagtailadmin_pages:edit", args=[page.pk]) for page in (never, stale)]
    assert edge.title not in due.get_text()


def test_the_review_period_is_a_setting(admin_client, two_sites, settings):
    _, hub = two_sites["florida"]
    make_article(hub, "Reviewed seven months ago", last_reviewed=months_before(today(), 7))

    settings.MEDICAL_REVIEW_MONTHS = 6
    assert [row[0] for row in rows(panel(dashboard(admin_client), "medical-review-due"))] == [
        "Reviewed seven months ago"
    ]
    settings.MEDICAL_REVIEW_MONTHS = 12
    due = panel(dashboard(admin_client), "medical-review-due")
    assert rows(due) == []
    assert "reviewed in the last 12 months" in due.get_text(" ", strip=True)


def test_medical_review_months_comes_from_the_environment():
    assert read_settings(["MEDICAL_REVIEW_MONTHS"], SECRET_KEY=GOOD_KEY) == {"MEDICAL_REVIEW_MONTHS": 12}
    assert read_settings(["MEDICAL_REVIEW_MONTHS"], SECRET_KEY=GOOD_KEY, MEDICAL_REVIEW_MONTHS="6") == {
        "MEDICAL_REVIEW_MONTHS": 6
    }


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 11, 25), 12, datetime.date(2025, 11, 25)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 13, datetime.date(2024, 12, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


# --- Recent drafts ------------------------------------------------------------------------------


def test_pages_with_unpublished_changes_are_listed_newest_first(admin_client, admin_user, two_sites):
    _, florida_hub = two_sites["florida"]
    _, jersey_hub = two_sites["jersey"]
    make_article(florida_hub, "Published and untouched")
    older = make_article(jersey_hub, "A new draft", live=False)
    edited = make_article(florida_hub, "Published, then edited")
    edited.title = "Published, then edited again"
    edited.save_revision(user=admin_user)

    drafts = panel(dashboard(admin_client), "recent-drafts")

    assert [row[:3] for row in rows(drafts)] == [
        ["Published, then edited again Live + draft", "Article", "Harborlight Health"],
        ["A new draft Draft", "Article", "Garden State Care"],
    ]
    assert "by admin" in rows(drafts)[0][3]
    assert [link["href"] for link in drafts.select("tbody a")] == [
        reverse("wagtailadmin_pages:edit", args=[page.pk]) for page in (edited, older)
    ]


# --- Newest subscribers -------------------------------------------------------------------------


def test_each_site_shows_its_newest_subscribers_and_how_many_are_subscribed(admin_client, two_sites):
    florida, _ = two_sites["florida"]
    jersey, _ = two_sites["jersey"]
    for n in range(7):
        subscribe(florida, f"reader{n}@example.org", days_ago=n)
    subscribe(florida, "gone@example.org", days_ago=0, unsubscribed=True)

    subscribers = panel(dashboard(admin_client), "newest-subscribers")

    groups = [[row.get_text(" ", strip=True) for row in group.select("tr")] for group in subscribers.select("tbody")]
    assert groups[0] == [
        "Garden State Care 0 subscribed · See all subscribers of Garden State Care",
        "No subscribers yet.",
    ]
    assert groups[1][0] == "Harborlight Health 7 subscribed · See all subscribers of Harborlight Health"
    emails = [link.get_text() for link in subscribers.select("td a")]
    assert emails == [f"reader{n}@example.org" for n in range(5)]
    see_all = [link["href"] for link in subscribers.select("th a")]
    assert see_all == [f"{reverse('subscribers:index')}?site={site.pk}" for site in (jersey, florida)]


# --- What each user may see ---------------------------------------------------------------------


@pytest.fixture
def florida_editor(client, django_user_model, two_sites):
    """An editor of the Florida site only, who may also read its subscribers."""
    florida, _ = two_sites["florida"]
    group = Group.objects.create(name="Florida editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_subscriber")
    )
    GroupPagePermission.objects.create(group=group, page=florida.root_page, permission_type="change")
    user = django_user_model.objects.create_user("fl-editor", "fl@example.org", "password")
    user.groups.add(group)
    client.force_login(user)
    return client


def test_an_editor_of_one_site_sees_only_that_site(florida_editor, two_sites):
    florida, florida_hub = two_sites["florida"]
    jersey, jersey_hub = two_sites["jersey"]
    make_article(florida_hub, "Florida draft", live=False)
    make_article(jersey_hub, "Jersey draft", live=False)
    subscribe(florida, "fl@example.org")
    subscribe(jersey, "nj@example.org")

    page = dashboard(florida_editor)

    assert [row[0] for row in rows(panel(page, "medical-review-due"))] == ["Florida draft Draft"]
    assert [row[0] for row in rows(panel(page, "recent-drafts"))] == ["Florida draft Draft"]
    subscribers = panel(page, "newest-subscribers").get_text(" ", strip=True)
    assert "fl@example.org" in subscribers
    assert "nj@example.org" not in subscribers
    assert "Garden State Care" not in subscribers


def test_without_subscriber_permission_there_is_no_subscriber_panel(florida_editor, two_sites):
    Group.objects.get(name="Florida editors").permissions.remove(Permission.objects.get(codename="view_subscriber"))
    subscribe(two_sites["florida"][0], "fl@example.org")

    page = dashboard(florida_editor)

    assert page.select_one("#newest-subscribers-content") is None
    assert "fl@example.org" not in str(page)
    assert page.select_one("#medical-review-due-content") is not None


# --- Cost ---------------------------------------------------------------------------------------


def grow(two_sites, user, start, stop):
    """Articles due for review with drafts, and subscribers, numbered start..stop-1 on each site."""
    reviewer = make_person(f"Reviewer from {start}", "Psychiatrist")
    for key, (site, hub) in two_sites.items():
        for n in range(start, stop):
            article = make_article(hub, f"{key} article {n}", medical_reviewer=reviewer)
            article.title += " (edited)"
            article.save_revision(user=user)
            subscribe(site, f"{key}{n}@example.org", days_ago=n)


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_for_2_or_20_of_everything(admin_client, admin_user, two_sites):
    grow(two_sites, admin_user, 0, 2)
    dashboard(admin_client)  # warm the per-process caches (content types, site root paths), as in production
    small = dashboard_queries(admin_client)
    grow(two_sites, admin_user, 2, 20)
    page = dashboard(admin_client)
    assert "40 articles due" in panel(page, "medical-review-due").get_text(" ", strip=True)
    assert len(rows(panel(page, "recent-drafts"))) == 8
    assert len(panel(page, "newest-subscribers").select("td a")) == 10

    assert dashboard_queries(admin_client) == small
