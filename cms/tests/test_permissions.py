"""Roles and per-site teams: each demo account works on its own site's pages, settings and subscribers only."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import GroupPagePermission, Workflow
from wagtail.test.utils.form_data import streamfield
from wagtailseo.models import SeoSettings

from cms.permissions import shared_collection, site_collection, sites_for
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
from marketing.models import ReusableCallToAction, SiteSettings
from newsletter.models import NewsletterSettings, Subscriber
from resources.models import ArticlePage, Person, ResourceCategory
from resources.review import MedicalReviewTask
from resources.tests.builders import article_form

pytestmark = pytest.mark.django_db
ROLES = ("editor", "reviewer", "manager")


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


def snippet_url(model, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{view}", args=args)


def chooser_url(model, view: str = "choose", *args) -> str:
    return reverse(f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}:{view}", args=args)


def person_form(person: Person, **changes) -> dict:
    fields = {"site": person.site_id, "name": person.name, "role": person.role, "bio": person.bio}
    return {**fields, "profile_url": "", "photo": "", "user": person.user_id or "", **changes}


def test_a_site_manager_cannot_change_or_delete_another_sites_people():
    """The probe: harborlight-manager unlinked Garden State's reviewer account from its Person."""
    manager = signed_in("harborlight-manager")
    other = Person.objects.get(user__username="garden-state-reviewer")

    assert refused(manager.get(snippet_url(Person, "edit", other.pk)))
    assert refused(manager.post(snippet_url(Person, "edit", other.pk), person_form(other, user="", name="Hijacked")))
    assert refused(manager.post(snippet_url(Person, "delete", other.pk)))
    for view in ("usage", "history", "copy"):
        assert refused(manager.get(snippet_url(Person, view, other.pk))), view
    bulk_delete = reverse("wagtail_bulk_action", args=["resources", "person", "delete"]) + f"?id={other.pk}"
    manager.post(bulk_delete)
    other.refresh_from_db()
    assert (other.name, other.user.username) == ("Dr. Elena Marchetti", "garden-state-reviewer")


def test_people_categories_and_calls_to_action_are_listed_and_chosen_for_the_users_own_site():
    own = site(HARBORLIGHT)
    ReusableCallToAction.objects.create(site=own, name="Harborlight spring")
    ReusableCallToAction.objects.create(site=site(GARDEN_STATE), name="Garden State spring")
    manager, editor = signed_in("harborlight-manager"), signed_in("harborlight-editor")
    for model in (Person, ResourceCategory, ReusableCallToAction):
        names = set(model.objects.filter(site=own).values_list("name", flat=True))
        others = set(model.objects.exclude(site=own).values_list("name", flat=True))
        assert names, model
        assert others, model
        listing = manager.get(snippet_url(model, "list")).content.decode()
        assert all(name in listing for name in names), model
        assert not any(name in listing for name in others), model
        for client in (manager, editor):
            chooser = client.get(chooser_url(model)).json()["html"]
            assert all(name in chooser for name in names), model
            assert not any(name in chooser for name in others), model
            searched = client.get(chooser_url(model, "choose_results"), {"q": "r"}).content.decode()
            assert not any(name in searched for name in others), model
            another_sites = model.objects.exclude(site=own).first()
            assert client.get(chooser_url(model, "chosen", another_sites.pk)).status_code == 404, model
    # An administrator sees both sites' rows, each with its site.
    everyone = BeautifulSoup(signed_in("admin").get(snippet_url(Person, "list")).content, "html.parser")
    sites_shown = {cell.get_text(strip=True) for cell in everyone.select("table.listing tbody td:last-child")}
    assert sites_shown == {"Harborlight Health", "Garden State Ketamine Care"}


def test_a_persons_admin_account_is_one_of_the_sites_own_team_never_an_administrator():
    manager = signed_in("harborlight-manager")
    own = Person.objects.get(user__username="harborlight-reviewer")
    form = BeautifulSoup(manager.get(snippet_url(Person, "edit", own.pk)).content, "html.parser")
    offered = {option.get_text(strip=True) for option in form.select("select[name=user] option") if option["value"]}
    assert offered == {"harborlight-editor", "harborlight-manager", "harborlight-reviewer"}
    sites_offered = [option["value"] for option in form.select("select[name=site] option") if option["value"]]
    assert sites_offered == [str(site(HARBORLIGHT).pk)]

    for account in ("garden-state-reviewer", "admin"):
        response = manager.post(snippet_url(Person, "edit", own.pk), person_form(own, user=user(account).pk))
        assert response.status_code == 200, account  # the form again, with the error
        own.refresh_from_db()
        assert own.user.username == "harborlight-reviewer", account
    # Nor can a person be moved to, or made for, another site.
    moved = manager.post(snippet_url(Person, "edit", own.pk), person_form(own, site=site(GARDEN_STATE).pk))
    assert moved.status_code == 200
    own.refresh_from_db()
    assert own.site == site(HARBORLIGHT)
    created = manager.post(snippet_url(Person, "add"), {**person_form(own, user=""), "site": site(GARDEN_STATE).pk})
    assert created.status_code == 200
    assert Person.objects.filter(name=own.name).count() == 1


def test_an_article_accepts_people_categories_and_calls_to_action_of_its_own_site_only():
    editor = signed_in("harborlight-editor")
    hub = hub_of(HARBORLIGHT)
    add = reverse("wagtailadmin_pages:add", args=["resources", "articlepage", hub.pk])
    theirs = {
        "author": Person.objects.get(name="Dr. Kwame Asante"),
        "medical_reviewer": Person.objects.get(name="Dr. Elena Marchetti"),
        "category": ResourceCategory.objects.get(name="Getting started"),
    }
    for field, row in theirs.items():
        response = editor.post(add, article_form(f"Borrowed {field}", **{field: row.pk}))
        assert response.status_code == 200, field
        assert "belongs to another site" in response.content.decode(), field
    their_cta = ReusableCallToAction.objects.create(site=site(GARDEN_STATE), name="Garden State spring")
    body = streamfield([("call_to_action", {"reusable": their_cta.pk, "link": {"page": "", "url": ""}})])
    response = editor.post(add, article_form("Borrowed call to action", body=body))
    assert response.status_code == 200
    assert "belongs to another site" in response.content.decode()
    assert not ArticlePage.objects.filter(title__startswith="Borrowed").exists()

    own_cta = ReusableCallToAction.objects.create(site=site(HARBORLIGHT), name="Harborlight spring")
    ours = {
        "author": Person.objects.get(name="Dr. Maya Okafor").pk,
        "category": ResourceCategory.objects.get(site=site(HARBORLIGHT), name="Safety").pk,
        "body": streamfield([("call_to_action", {"reusable": own_cta.pk, "link": {"page": "", "url": ""}})]),
    }
    assert editor.post(add, article_form("Our own people", **ours)).status_code == 302
    assert ArticlePage.objects.get(title="Our own people").author.name == "Dr. Maya Okafor"


def logo_of(host: str) -> Image:
    return SiteSettings.for_site(site(host)).logo


def image_form(image: Image, **changes) -> dict:
    return {"title": image.title, "description": image.description, "collection": image.collection_id, **changes}


def test_each_sites_images_are_in_its_own_collection_with_a_shared_one_for_every_team():
    for host in (HARBORLIGHT, GARDEN_STATE):
        assert logo_of(host).collection == site_collection(site(host)), host
        articles = ArticlePage.objects.descendant_of(site(host).root_page).exclude(featured_image=None)
        assert {article.featured_image.collection for article in articles} == {site_collection(site(host))}, host
    assert shared_collection().get_parent().is_root()


def test_an_editor_cannot_change_or_delete_another_sites_images():
    """The probe: harborlight-editor changed the title and description of Garden State's logo."""
    editor = signed_in("harborlight-editor")
    theirs = logo_of(GARDEN_STATE)
    before = (theirs.title, theirs.description)

    assert refused(editor.get(reverse("wagtailimages:edit", args=[theirs.pk])))
    edit = editor.post(reverse("wagtailimages:edit", args=[theirs.pk]), image_form(theirs, title="Hijacked"))
    assert refused(edit)
    assert refused(editor.post(reverse("wagtailimages:delete", args=[theirs.pk])))
    theirs.refresh_from_db()
    assert (theirs.title, theirs.description) == before


def test_editors_and_reviewers_add_and_choose_their_sites_images_and_only_managers_change_them():
    own, theirs = logo_of(HARBORLIGHT), logo_of(GARDEN_STATE)
    for role in ("editor", "reviewer"):
        client = signed_in(f"harborlight-{role}")
        # Wagtail counts deleting as changing: neither is offered for an image someone else uploaded.
        assert refused(client.get(reverse("wagtailimages:edit", args=[own.pk]))), role
        assert refused(client.get(reverse("wagtailimages:delete", args=[own.pk]))), role
        chooser = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
        assert own.title in chooser, role
        assert theirs.title not in chooser, role
        assert client.get(reverse("wagtailimages:add")).status_code == 200, role

    manager = signed_in("harborlight-manager")
    response = manager.post(reverse("wagtailimages:edit", args=[own.pk]), image_form(own, title="Harborlight logo"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Harborlight logo"
    assert refused(manager.get(reverse("wagtailimages:edit", args=[theirs.pk])))

    # The shared collection: every team chooses from it; only administrators change it.
    shared = Image.objects.create(title="Shared clinic photo", file=own.file.name, collection=shared_collection())
    shared.width, shared.height = own.width, own.height
    shared.save()
    assert shared.title in signed_in("garden-state-editor").get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert refused(manager.get(reverse("wagtailimages:edit", args=[shared.pk])))
    assert signed_in("admin").get(reverse("wagtailimages:edit", args=[shared.pk])).status_code == 200


def test_the_page_chooser_shows_a_team_its_own_sites_pages_only():
    """The probe: the page chooser listed Garden State's drafts, with their titles and status."""
    hub = hub_of(GARDEN_STATE)
    draft = ArticlePage(title="Unannounced Garden State programme", summary="Soon.", body=[], live=False)
    hub.add_child(instance=draft)
    draft.save_revision()
    editor = signed_in("harborlight-editor")

    browsed = editor.get(reverse("wagtailadmin_choose_page")).json()["html"]
    assert site(HARBORLIGHT).root_page.title in browsed
    assert site(GARDEN_STATE).root_page.title not in browsed
    inside = editor.get(reverse("wagtailadmin_choose_page_child", args=[hub.pk])).json()["html"]
    assert draft.title not in inside
    searched = editor.get(reverse("wagtailadmin_choose_page_search"), {"q": "Unannounced"}).content.decode()
    assert draft.title not in searched
    # Their own site's pages are found as before, and an administrator finds every site's.
    own_title = an_article_of(HARBORLIGHT).title
    assert own_title in editor.get(reverse("wagtailadmin_choose_page_search"), {"q": own_title}).content.decode()
    found = signed_in("admin").get(reverse("wagtailadmin_choose_page_search"), {"q": "Unannounced"})
    assert draft.title in found.content.decode()
