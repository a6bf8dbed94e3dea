"""Medical review: an editor submits an article, a reviewer of the same site approves or asks for changes,
and scheduled articles go live and expire when `publish_scheduled` runs.

Everything goes through the admin's own views, as the demo accounts of each site's team.
"""

import datetime
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from cms.tests.demo_teams import (  # noqa: F401 (_demo and _uploads_… are fixtures)
    GARDEN_STATE,
    HARBORLIGHT,
    _demo,
    _uploads_in_a_temporary_folder,
    hub_of,
    refused,
    signed_in,
    site,
    user,
)
from resources.models import ArticlePage, Person
from resources.review import MedicalReviewTask
from resources.tests.builders import article_form


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def add_url(hub) -> str:
    return reverse("wagtailadmin_pages:add", args=["resources", "articlepage", hub.pk])


def submitted_article(title="Preparing for your first session", host=HARBORLIGHT) -> ArticlePage:
    """An article an editor of the site wrote and submitted for medical review in the admin."""
    prefix = "harborlight" if host == HARBORLIGHT else "garden-state"
    response = signed_in(f"{prefix}-editor").post(add_url(hub_of(host)), article_form(title, **{"action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(title=title)


def workflow_action(client: Client, article: ArticlePage, action: str, comment: str = ""):
    task_state = article.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def public(article: ArticlePage, host=HARBORLIGHT):
    return Client().get(article.relative_url(site(host)), headers={"host": host})


@pytest.mark.django_db
def test_each_hub_sends_its_articles_to_the_medical_review_of_its_own_reviewers():
    for host, team in ((HARBORLIGHT, "Harborlight"), (GARDEN_STATE, "Garden State")):
        workflow = hub_of(host).get_workflow()
        assert workflow.name == "Medical review", host
        [task] = workflow.tasks.specific()
        assert isinstance(task, MedicalReviewTask)
        assert f"{team} medical reviewers" in set(task.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_an_editor_submits_an_article_and_cannot_publish_it():
    editor = signed_in("harborlight-editor")
    # Asking to publish anyway only saves a draft.
    editor.post(add_url(hub_of(HARBORLIGHT)), article_form("Published by an editor", **{"action-publish": "1"}))
    draft = ArticlePage.objects.get(title="Published by an editor")
    assert not draft.live
    assert public(draft).status_code == 404

    article = submitted_article()

    assert not article.live
    assert article.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert article.current_workflow_task.name == "Medical review"
    assert public(article).status_code == 404
    # While it waits, the editor's page is locked and offers no publish button.
    edit = html(editor.get(reverse("wagtailadmin_pages:edit", args=[article.pk])))
    assert not edit.find("button", attrs={"name": "action-publish"})
    assert "Medical review" in edit.get_text()


@pytest.mark.django_db
def test_approving_publishes_the_article_crediting_the_reviewer_and_today():
    article = submitted_article()
    reviewer = signed_in("harborlight-reviewer")
    today = timezone.localdate()

    # The reviewer's dashboard lists it; the other site's reviewer's does not.
    assert article.title in reviewer.get(reverse("wagtailadmin_home")).content.decode()
    assert article.title not in signed_in("garden-state-reviewer").get(reverse("wagtailadmin_home")).content.decode()

    response = workflow_action(reviewer, article, "approve", "Dosing section checked against our protocol.")
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])

    article.refresh_from_db()
    assert article.live
    assert not article.has_unpublished_changes
    assert article.medical_reviewer == Person.objects.get(name="Dr. Samuel Whitfield")
    assert article.last_reviewed == today
    task_state = TaskState.objects.get(workflow_state__object_id=str(article.pk))
    assert (task_state.status, task_state.finished_by, task_state.comment) == (
        TaskState.STATUS_APPROVED,
        user("harborlight-reviewer"),
        "Dosing section checked against our protocol.",
    )

    page = html(public(article))
    byline = page.select_one(".byline__reviewer")
    assert "Medically reviewed by Dr. Samuel Whitfield" in byline.get_text(" ", strip=True)
    assert byline.find("time")["datetime"] == today.isoformat()


@pytest.mark.django_db
def test_requesting_changes_keeps_the_article_offline_and_tells_the_editor_why():
    article = submitted_article()
    mail.outbox.clear()

    response = workflow_action(
        signed_in("harborlight-reviewer"), article, "reject", "Please cite a source for the blood pressure limit."
    )
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])

    article.refresh_from_db()
    assert not article.live
    assert article.medical_reviewer is None
    assert article.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert public(article).status_code == 404
    edit = signed_in("harborlight-editor").get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert "Please cite a source for the blood pressure limit." in edit.content.decode()
    [message] = [message for message in mail.outbox if "harborlight-editor@example.com" in message.to]
    assert "Please cite a source for the blood pressure limit." in message.body


@pytest.mark.django_db
def test_only_a_reviewer_of_the_articles_own_site_can_approve_it():
    article = submitted_article()

    for username in ("garden-state-reviewer", "harborlight-editor", "harborlight-manager"):
        for action in ("approve", "reject"):
            assert refused(workflow_action(signed_in(username), article, action, "Looks fine.")), (username, action)
            article.refresh_from_db()
            assert not article.live, username
            assert article.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS, (username, action)
    # Nor can the other site's reviewer open it in the editor while it is in review.
    assert refused(signed_in("garden-state-reviewer").get(reverse("wagtailadmin_pages:edit", args=[article.pk])))


@pytest.mark.django_db
def test_an_approver_with_no_person_can_only_request_changes():
    """Approving names the reviewer on the article, so an account linked to no person cannot approve."""
    Person.objects.filter(user__username="harborlight-reviewer").update(user=None)
    article = submitted_article()

    assert refused(workflow_action(signed_in("harborlight-reviewer"), article, "approve"))
    article.refresh_from_db()
    assert not article.live
    rejected = workflow_action(signed_in("harborlight-reviewer"), article, "reject", "Not yet.")
    assert rejected["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    article.refresh_from_db()
    assert article.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_form(article: ArticlePage, **extra) -> dict:
    return article_form(article.title, **{"slug": article.slug, **extra})


def menu_buttons(client: Client, page) -> dict[str, str]:
    """The edit page's action menu: each button's label, and the action it posts (a workflow action's name)."""
    menu = html(client.get(edit_url(page))).select_one("footer")
    return {
        button.get_text(" ", strip=True): button.get("name") or button["data-workflow-action-name"]
        for button in menu.select("button[name], button[data-workflow-action-name]")
    }


@pytest.mark.django_db
def test_a_reviewer_is_offered_approval_not_a_plain_publish_that_would_skip_the_review():
    article = submitted_article()

    buttons = menu_buttons(signed_in("harborlight-reviewer"), article)

    assert "action-publish" not in buttons.values()
    assert buttons["Approve and Publish"] == "approve"


@pytest.mark.django_db
def test_a_reviewers_publish_post_on_an_article_in_review_leaves_it_unpublished_and_in_review():
    article = submitted_article()
    reviewer = signed_in("harborlight-reviewer")

    response = reviewer.post(edit_url(article), edit_form(article, **{"action-publish": "1"}), follow=True)

    article.refresh_from_db()
    assert not article.live
    assert article.medical_reviewer is None
    assert article.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert public(article).status_code == 404
    assert "goes live only when a medical reviewer approves it" in response.content.decode()
    # Approving through the workflow still publishes it, with the byline.
    workflow_action(reviewer, article, "approve")
    article.refresh_from_db()
    assert article.live
    byline = html(public(article)).select_one(".byline__reviewer")
    assert "Medically reviewed by Dr. Samuel Whitfield" in byline.get_text(" ", strip=True)


@pytest.mark.django_db
def test_a_reviewer_cannot_publish_a_new_article_of_a_hub_directly():
    reviewer = signed_in("harborlight-reviewer")

    response = reviewer.post(
        add_url(hub_of(HARBORLIGHT)), article_form("Straight to live", **{"action-publish": "1"}), follow=True
    )

    article = ArticlePage.objects.get(title="Straight to live")  # kept as a draft
    assert "goes live only when a medical reviewer approves it" in response.content.decode()
    assert not article.live
    assert public(article).status_code == 404


@pytest.mark.django_db
def test_a_reviewers_bulk_publish_from_the_page_listing_is_refused_for_an_article_in_review():
    article = submitted_article()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])

    listing = reverse("wagtailadmin_explore", args=[article.get_parent().pk])
    response = signed_in("harborlight-reviewer").post(f"{url}?id={article.pk}&next={listing}", follow=True)

    assert "goes live only when a medical reviewer approves it" in response.content.decode()
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_a_reviewer_still_publishes_pages_outside_the_medical_review():
    home = site(HARBORLIGHT).root_page
    reviewer = signed_in("harborlight-reviewer")

    assert menu_buttons(reviewer, home)["Publish"] == "action-publish"


@pytest.mark.django_db
def test_an_administrator_is_warned_before_publishing_an_article_with_no_medical_review():
    reviewed = submitted_article("Reviewed already")
    workflow_action(signed_in("harborlight-reviewer"), reviewed, "approve")
    unreviewed = submitted_article("Never reviewed")
    admin = signed_in("admin")

    assert menu_buttons(admin, unreviewed)["Publish without medical review"] == "action-publish"
    assert "Publish" not in menu_buttons(admin, unreviewed)
    assert menu_buttons(admin, reviewed)["Publish"] == "action-publish"


def schedule_form(title: str, **dates) -> dict:
    return article_form(title, **{"action-publish": "1"}, **dates)


def later(**delta):
    """The clock moved on by ``delta``, for Wagtail's scheduled publishing."""
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(**delta))


@pytest.mark.django_db
def test_a_scheduled_article_goes_live_when_publish_scheduled_runs_after_its_time():
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    # Only an administrator publishes an article without its medical review.
    response = signed_in("admin").post(
        add_url(hub_of(HARBORLIGHT)),
        schedule_form("Scheduled for the morning", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")),
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(title="Scheduled for the morning")
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at is not None

    call_command("publish_scheduled")  # too early: nothing happens
    article.refresh_from_db()
    assert not article.live
    assert public(article).status_code == 404

    with later(hours=2):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert public(article).status_code == 200


@pytest.mark.django_db
def test_an_article_with_an_expiry_date_goes_offline_when_publish_scheduled_runs_after_it():
    expire = timezone.localtime() + datetime.timedelta(hours=1)
    # Only an administrator publishes an article without its medical review.
    response = signed_in("admin").post(
        add_url(hub_of(HARBORLIGHT)),
        schedule_form("Offer ends tonight", expire_at=expire.strftime("%Y-%m-%d %H:%M")),
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(title="Offer ends tonight")
    assert article.live
    assert public(article).status_code == 200

    with later(hours=2):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live
    assert article.expired
    assert public(article).status_code == 404
