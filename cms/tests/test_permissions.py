"""Roles and per-site teams: each demo account works on its own site's pages, settings and subscribers only."""

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Workflow
from wagtailseo.models import SeoSettings

from cms.permissions import sites_for
from cms.tests.demo_teams import GARDEN_STATE, HARBORLIGHT, demo_teams, hub_of, refused, site, user
from marketing.models import SiteSettings
from newsletter.models import NewsletterSettings, Subscriber
from resources.models import ArticlePage, Person
from resources.review import MedicalReviewTask

pytestmark = pytest.mark.django_db
ROLES = ("editor", "reviewer", "manager")


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_teams(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(_demo):
    """Replaces the project's fixture: the demo's images stay in the module's folder."""


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def settings_url(model, host: str) -> str:
    return reverse("wagtailsettings:edit", args=[model._meta.app_label, model._meta.model_name, site(host).pk])


def an_article_of(host: str) -> ArticlePage:
    return ArticlePage.objects.child_of(hub_of(host)).live().order_by("path").first()


def test_the_roles_and_the_medical_review_exist_on_a_fresh_database():
    """Made by a migration, so production has them without the demo."""
    page_permissions = {
        name: set(
            GroupPagePermission.objects.filter(group__name=name, page__depth=1).values_list(
                "permission__codename", flat=True
            )
        )
        for name in ("Editors", "Medical reviewers", "Site managers")
    }
    assert {"add_page", "change_page"} <= page_permissions["Editors"]
    assert "publish_page" not in page_permissions["Editors"]
    assert {"change_page", "publish_page"} <= page_permissions["Medical reviewers"]
    assert page_permissions["Site managers"] == set()
    managers = set(Group.objects.get(name="Site managers").permissions.values_list("codename", flat=True))
    assert {"change_sitesettings", "change_newslettersettings", "change_person", "view_subscriber"} <= managers
    [task] = Workflow.objects.get(name="Medical review").tasks.specific()
    assert isinstance(task, MedicalReviewTask)
    assert "Medical reviewers" in set(task.groups.values_list("name", flat=True))


def test_each_site_has_an_editor_a_reviewer_and_a_manager_in_its_own_groups():
    for prefix, team in (("harborlight", "Harborlight"), ("garden-state", "Garden State")):
        groups = {role: set(user(f"{prefix}-{role}").groups.values_list("name", flat=True)) for role in ROLES}
        assert groups == {
            "editor": {f"{team} editors"},
            "reviewer": {f"{team} medical reviewers"},
            "manager": {f"{team} site managers"},
        }
    assert Person.objects.get(user__username="harborlight-reviewer").name == "Dr. Samuel Whitfield"
    assert Person.objects.get(user__username="garden-state-reviewer").name == "Dr. Elena Marchetti"


def test_sites_for_names_the_sites_a_user_works_on():
    harborlight, garden_state = site(HARBORLIGHT), site(GARDEN_STATE)
    assert sites_for(user("admin")) == [harborlight, garden_state]
    for role in ROLES:
        assert sites_for(user(f"harborlight-{role}")) == [harborlight], role
        assert sites_for(user(f"garden-state-{role}")) == [garden_state], role
    clinic_editor = user("harborlight-editor")
    clinic_editor.groups.set([Group.objects.get(name="Editors")])  # the role for every site
    assert sites_for(type(clinic_editor).objects.get(pk=clinic_editor.pk)) == [harborlight, garden_state]
    assert sites_for(AnonymousUser()) == []


def test_an_editor_works_in_their_own_sites_tree_only():
    editor = signed_in("harborlight-editor")
    own, other = an_article_of(HARBORLIGHT), an_article_of(GARDEN_STATE)

    assert editor.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
    assert editor.get(reverse("wagtailadmin_explore", args=[hub_of(HARBORLIGHT).pk])).status_code == 200

    assert refused(editor.get(reverse("wagtailadmin_pages:edit", args=[other.pk])))
    title = other.title
    assert refused(
        editor.post(reverse("wagtailadmin_pages:edit", args=[other.pk]), {"title": "Changed by another team"})
    )
    other.refresh_from_db()
    assert (other.title, other.draft_title) == (title, title)
    add_elsewhere = reverse("wagtailadmin_pages:add", args=["resources", "articlepage", hub_of(GARDEN_STATE).pk])
    assert refused(editor.get(add_elsewhere))
    # The page explorer keeps them in their own site.
    explore_elsewhere = editor.get(reverse("wagtailadmin_explore", args=[hub_of(GARDEN_STATE).pk]))
    assert explore_elsewhere["Location"] == reverse("wagtailadmin_explore", args=[site(HARBORLIGHT).root_page_id])


def test_a_site_manager_edits_their_own_sites_settings_and_is_refused_the_others():
    manager = signed_in("harborlight-manager")

    for model in (SiteSettings, NewsletterSettings, SeoSettings):
        assert manager.get(settings_url(model, HARBORLIGHT)).status_code == 200, model
        assert refused(manager.get(settings_url(model, GARDEN_STATE))), model
        # The same refusal, as the 403 the admin's own fetch requests receive.
        fetched = manager.get(settings_url(model, GARDEN_STATE), headers={"x-requested-with": "XMLHttpRequest"})
        assert fetched.status_code == 403, model

    # The settings menu opens their own site's settings, whichever site they browse.
    menu = manager.get(
        reverse("wagtailsettings:edit", args=["marketing", "sitesettings"]), headers={"host": GARDEN_STATE}
    )
    assert menu["Location"] == settings_url(SiteSettings, HARBORLIGHT)

    form = {
        "heading": "News from Harborlight",
        "blurb": "",
        "consent_text": "I agree to receive emails from {site}.",
        "success_message": "Thanks!",
    }
    assert manager.post(settings_url(NewsletterSettings, HARBORLIGHT), form).status_code == 302
    assert NewsletterSettings.for_site(site(HARBORLIGHT)).heading == "News from Harborlight"
    before = NewsletterSettings.for_site(site(GARDEN_STATE)).heading
    assert refused(manager.post(settings_url(NewsletterSettings, GARDEN_STATE), {**form, "heading": "Hijacked"}))
    assert NewsletterSettings.for_site(site(GARDEN_STATE)).heading == before

    # Editors and reviewers have no settings at all.
    for username in ("harborlight-editor", "harborlight-reviewer"):
        assert refused(signed_in(username).get(settings_url(SiteSettings, HARBORLIGHT))), username


@pytest.fixture
def subscribers():
    now = timezone.now()
    for host, email in ((HARBORLIGHT, "ann@example.org"), (GARDEN_STATE, "bob@example.org")):
        Subscriber.objects.create(site=site(host), email=email, consent_text="I agree.", consented_at=now)
    return {subscriber.email: subscriber for subscriber in Subscriber.objects.all()}


def test_a_site_manager_sees_and_edits_their_own_sites_subscribers_only(subscribers):
    manager = signed_in("harborlight-manager")

    listing = manager.get(reverse("subscribers:index"))
    assert listing.status_code == 200
    assert "ann@example.org" in listing.content.decode()
    assert "bob@example.org" not in listing.content.decode()
    site_choices = [str(label) for _, label in listing.context["filters"].form.fields["site"].choices][1:]
    assert site_choices == [str(site(HARBORLIGHT))]

    export = manager.get(reverse("subscribers:index") + "?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert [row["Email"] for row in rows] == ["ann@example.org"]

    own, other = subscribers["ann@example.org"], subscribers["bob@example.org"]
    assert manager.get(reverse("subscribers:edit", args=[own.pk])).status_code == 200
    assert manager.get(reverse("subscribers:inspect", args=[own.pk])).status_code == 200
    for view in ("edit", "inspect", "history"):
        assert refused(manager.get(reverse(f"subscribers:{view}", args=[other.pk]))), view
    assert refused(manager.post(reverse("subscribers:edit", args=[other.pk]), {"unsubscribed_at": "2026-01-01 10:00"}))
    other.refresh_from_db()
    assert other.is_subscribed

    # The other site's manager sees theirs; an administrator sees both.
    garden_state = signed_in("garden-state-manager").get(reverse("subscribers:index")).content.decode()
    assert ("ann@example.org" in garden_state, "bob@example.org" in garden_state) == (False, True)
    everyone = signed_in("admin").get(reverse("subscribers:index")).content.decode()
    assert "ann@example.org" in everyone
    assert "bob@example.org" in everyone
    # Editors have no subscriber list.
    assert refused(signed_in("harborlight-editor").get(reverse("subscribers:index")))


def test_a_site_manager_looks_after_the_shared_people_and_categories():
    manager = signed_in("harborlight-manager")
    people = reverse("wagtailsnippets_resources_person:list")
    assert manager.get(people).status_code == 200
    assert refused(signed_in("harborlight-editor").get(people))
