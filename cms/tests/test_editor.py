"""The page editor for every page type: the right children, tabs, help, limits, previews and checks."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import LandingPage
from resources.tests.builders import make_article, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """One site: home → hub → article, and home → landing page."""
    _site, home, hub = make_site()
    landing = LandingPage(title="How it works", slug="how-it-works", body=[("paragraph", "<p>Steps.</p>")])
    home.add_child(instance=landing)
    landing.save_revision().publish()
    article = make_article(hub, "What to expect")
    return {"home": home, "hub": hub, "landing": landing, "article": article}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def edit(admin_client, page):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response


# --- Add child page ------------------------------------------------------------------------------


def offered_types(admin_client, parent) -> set[str]:
    """The page types "Add child page" offers: the chooser's list, or the one type it goes straight to."""
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:
        location = response["Location"]
        if location == reverse("wagtailadmin_home"):
            return set()  # Refused, with a message: nothing can be added here.
        app, model = location.rstrip("/").split("/")[-3:-1]
        return {f"{app}.{model}"}
    assert response.status_code == 200
    links = soup(response).select("a[href^='/admin/pages/add/']")
    return {".".join(link["href"].split("/")[4:6]) for link in links}


def test_add_child_page_offers_exactly_the_types_that_belong(admin_client, tree):
    # A home page takes one hub: with its hub in place, only landing pages are left.
    assert offered_types(admin_client, tree["home"]) == {"home.landingpage"}
    assert offered_types(admin_client, tree["hub"]) == {"resources.articlepage"}
    assert offered_types(admin_client, tree["article"]) == set()
    assert offered_types(admin_client, tree["landing"]) == {"home.landingpage"}

    tree["hub"].delete()
    assert offered_types(admin_client, tree["home"]) == {"resources.resourcesindexpage", "home.landingpage"}


def test_an_article_has_no_add_child_page_action(admin_client, tree):
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[tree["hub"].pk])).content.decode()
    article_add = reverse("wagtailadmin_pages:add_subpage", args=[tree["article"].pk])
    hub_add = reverse("wagtailadmin_pages:add_subpage", args=[tree["hub"].pk])
    assert hub_add in listing
    assert article_add not in listing


# --- Tabs and help -------------------------------------------------------------------------------

TABS = {
    "home": ["Content", "Promote"],
    "hub": ["Content", "Promote"],
    "landing": ["Content", "Promote"],
    "article": ["Content", "Details", "Promote"],
}


@pytest.mark.parametrize("kind", list(TABS))
def test_each_page_type_has_its_tabs_in_order(admin_client, tree, kind):
    page = soup(edit(admin_client, tree[kind]))
    tabs = [tab.find(string=True, recursive=False).strip() for tab in page.select("[role=tab]")]
    expected = TABS[kind]
    assert tabs[: len(expected)] == expected
    # Wagtail shows Settings only when it has fields (scheduling lives in the status panel's dialog).
    assert set(tabs[len(expected) :]) <= {"Settings"}


@pytest.mark.parametrize("kind", list(TABS))
def test_every_field_an_editor_sees_has_help_text(admin_client, tree, kind):
    page = soup(edit(admin_client, tree[kind]))
    fields = page.select("[role=tabpanel] .w-field[data-contentpath]")
    assert len(fields) >= 8  # title, slug, the Promote fields and the page's own
    missing = [
        field["data-contentpath"]
        for field in fields
        if not field.find_parent(class_="w-field__wrapper").select_one(".w-field__help")
        or not field.find_parent(class_="w-field__wrapper").select_one(".w-field__help").get_text(strip=True)
    ]
    assert missing == []


# --- StreamField limits --------------------------------------------------------------------------


def home_form(home, body):
    return nested_form_data(
        {"title": home.title, "slug": home.slug, "introduction": "Care at home.", "body": streamfield(body)}
    )


def test_a_second_pricing_block_on_the_home_page_is_refused_in_the_editor(admin_client, tree):
    home = tree["home"]
    revisions = home.revisions.count()
    pricing = ("pricing", {"heading": "Pricing", "plans": streamfield([])})
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[home.pk]), home_form(home, [pricing, pricing])
    )

    assert response.status_code == 200  # the editor again, not a redirect: nothing was saved
    html = response.content.decode()
    assert "The page could not be saved due to validation errors" in html
    assert "Pricing: The maximum number of items is 1" in html
    assert home.revisions.count() == revisions


def test_one_of_each_limited_block_saves(admin_client, tree):
    home = tree["home"]
    body = [
        ("pricing", {"heading": "Pricing", "plans": streamfield([])}),
        ("coverage", {"heading": "Where we provide care", "show_county_lists": ""}),
        ("disclaimer", ""),
        ("newsletter_signup", ""),
        ("paragraph", rich_text("<p>Hello.</p>")),
    ]
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), home_form(home, body))

    assert response.status_code == 302
    home.refresh_from_db()
    saved = home.get_latest_revision_as_object()
    assert [block.block_type for block in saved.body] == [
        "pricing", "coverage", "disclaimer", "newsletter_signup", "paragraph",
    ]  # fmt: skip


def test_a_second_newsletter_form_on_a_landing_page_is_refused(admin_client, tree):
    landing = tree["landing"]
    data = nested_form_data(
        {
            "title": landing.title,
            "slug": landing.slug,
            "introduction": "",
            "body": streamfield([("newsletter_signup", ""), ("newsletter_signup", "")]),
        }
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[landing.pk]), data)

    assert response.status_code == 200
    assert "Newsletter signup: The maximum number of items is 1" in response.content.decode()


# --- Preview and accessibility checks ------------------------------------------------------------


def preview_form(kind, tree):
    """What the editor sends for a preview; the hub's pins one article."""
    page, pinned = tree[kind], tree["article"].pk
    common = {"title": f"Preview of {page.title}", "slug": page.slug}
    body = streamfield([("paragraph", rich_text("<p>Previewed text.</p>"))])
    fields = {
        "home": {"introduction": "Care at home.", "body": body},
        "hub": {"introduction": "Guides.", "featured_articles": inline_formset([{"article": pinned}])},
        "landing": {"introduction": "Steps.", "body": body},
        "article": {"summary": "A summary.", "body": body, "tags": "", "show_table_of_contents": "on"},
    }[kind]
    return nested_form_data({**common, **fields})


@pytest.mark.parametrize("kind", list(TABS))
def test_every_page_type_previews_at_every_device_size(admin_client, tree, kind):
    page = tree[kind]
    editor = soup(edit(admin_client, page))
    sizes = {size["value"]: int(size["data-device-width"]) for size in editor.select("input[name=preview-size]")}
    assert sizes == {"mobile": 375, "tablet": 768, "desktop": 1280}

    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = admin_client.post(url, preview_form(kind, tree))
    assert posted.json() == {"is_valid": True, "is_available": True}
    # The preview panel loads the same page in a frame of each width: one responsive rendering.
    preview = admin_client.get(url)
    assert preview.status_code == 200
    rendered = soup(preview)
    assert rendered.find("h1").get_text(strip=True) == f"Preview of {page.title}"
    assert rendered.select_one("meta[name=viewport]")["content"].startswith("width=device-width")


def checker_rules(response) -> set[str]:
    """The axe rules Wagtail's accessibility checker runs, from the configuration in the page."""
    match = re.search(
        r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', response.content.decode()
    )
    assert match, "no accessibility checker configuration"
    return set(json.loads(match.group(1))["options"]["runOnly"])


@pytest.mark.parametrize("kind", list(TABS))
def test_the_accessibility_checker_is_on_in_the_editor_and_the_preview(admin_client, tree, kind):
    page = tree[kind]
    editor = edit(admin_client, page)
    assert soup(editor).select_one("[data-side-panel='checks']") is not None
    assert {"heading-order", "link-name", "alt-text-quality"} <= checker_rules(editor)

    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    admin_client.post(url, preview_form(kind, tree))
    preview = admin_client.get(url)
    # The userbar inside the previewed page runs the same checks on what visitors will get.
    assert 'id="wagtail-userbar-template"' in preview.content.decode()
    assert checker_rules(preview) == checker_rules(editor)
