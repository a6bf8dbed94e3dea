"""An editor builds a hub and an article with every block in the admin, previews and publishes."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from resources.models import ArticlePage, ResourcesIndexPage
from resources.tests.builders import make_article, make_category, make_image, make_person, make_site


def every_block(image_pk):
    return streamfield(
        [
            ("heading", {"text": "How it works", "level": "h2", "anchor": ""}),
            ("paragraph", rich_text("<p>Low-dose sessions at home.</p>")),
            ("quote", {"quote": "It felt calm.", "attribution": "A patient"}),
            ("callout", {"style": "takeaway", "title": "", "text": rich_text("<p>Screening comes first.</p>")}),
            (
                "image",
                {"image": {"image": image_pk, "decorative": "", "alt_text": "A calm room"}, "caption": "Quiet."},
            ),
            ("embed", "https://www.youtube.com/watch?v=abc"),
            (
                "table",
                '{"data": [["Week", "Sessions"], ["1", "2"]], "first_row_is_table_header": true,'
                ' "first_col_is_header": false, "table_header_choice": "row", "table_caption": "Schedule"}',
            ),
            (
                "faq",
                {
                    "title": "Questions",
                    "items": streamfield([("item", {"question": "Safe?", "answer": rich_text("<p>Yes.</p>")})]),
                },
            ),
            (
                "references",
                {
                    "items": streamfield(
                        [("item", {"title": "A review", "publication": "", "year": "2024", "url": ""})]
                    )
                },
            ),
        ]
    )


@override_settings(WAGTAILEMBEDS_FINDERS=[{"class": "resources.tests.test_article_page.FakeVideoFinder"}])
class EditorBuildsResources(WagtailPageTestCase):
    def setUp(self):
        self.site, self.home, self.hub = make_site()
        self.user = self.login()

    def test_editor_creates_a_hub_under_the_home_page(self):
        self.hub.delete()
        self.assertCanCreate(
            self.home,
            ResourcesIndexPage,
            nested_form_data(
                {
                    "title": "Guides",
                    "slug": "guides",
                    "introduction": "Plain-language guides.",
                    "featured_articles": inline_formset([]),
                }
            ),
        )

    def test_editor_creates_and_publishes_an_article_with_every_block(self):
        image = make_image()
        data = nested_form_data(
            {
                "title": "What to expect",
                "slug": "what-to-expect",
                "summary": "A first session, step by step.",
                "body": every_block(image.pk),
                "category": make_category().pk,
                "tags": "first steps, safety",
                "author": make_person().pk,
                "show_table_of_contents": "on",
                "action-publish": "publish",
            }
        )
        self.assertCanCreate(self.hub, ArticlePage, data)
        article = ArticlePage.objects.get(slug="what-to-expect")
        assert article.live
        assert [block.block_type for block in article.body] == [
            "heading", "paragraph", "quote", "callout", "image", "embed", "table", "faq", "references",
        ]  # fmt: skip
        assert sorted(tag.name for tag in article.tags.all()) == ["first steps", "safety"]

        preview = self.client.post(reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk]), data)
        assert preview.status_code == 200
        assert preview.json()["is_valid"]

    def test_article_cannot_be_added_outside_a_hub(self):
        response = self.client.get(reverse("wagtailadmin_pages:add", args=["resources", "articlepage", self.home.pk]))
        assert response.status_code == 302  # Wagtail refuses and sends the editor back with a message
        assert response["Location"] == reverse("wagtailadmin_home")
        assert not Page.objects.type(ArticlePage).exists()


# --- People and categories in the admin ----------------------------------------------------------


@pytest.fixture
def library(db):
    _, _, hub = make_site()
    okafor = make_person("Dr. Maya Okafor", "Physician")
    marchetti = make_person("Dr. Elena Marchetti", "Board-certified psychiatrist")
    make_person("Sam Lee", "Care coordinator")
    basics, safety = make_category("Treatment basics", 10), make_category("Safety", 20)
    make_category("Paying for care", 30)
    make_article(hub, "What to expect", author=okafor, medical_reviewer=marchetti, category=basics)
    make_article(hub, "Side effects", author=okafor, medical_reviewer=marchetti, category=safety)
    make_article(hub, "Preparing your space", author=okafor, category=basics, live=False)
    return hub


def listing(admin_client, url_name, **params) -> list[list[str]]:
    """The listing's rows as an editor reads them, header first."""
    response = admin_client.get(reverse(url_name), params)
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").select_one("table.listing")
    if table is None:
        return []
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")][1:]  # without the bulk-action box
        for row in table.select("tr")
    ]


PEOPLE = "wagtailsnippets_resources_person:list"
CATEGORIES = "wagtailsnippets_resources_resourcecategory:list"


def names(rows) -> list[str]:
    return [row[0].split(" Edit")[0] for row in rows[1:]]


def test_people_list_shows_role_and_how_many_articles_each_wrote_and_reviewed(admin_client, library):
    rows = listing(admin_client, PEOPLE)
    assert rows[0] == ["Name", "Role", "Articles written", "Articles reviewed", "Site"]
    by_name = {name: row[1:] for name, row in zip(names(rows), rows[1:], strict=True)}
    assert by_name == {
        "Dr. Elena Marchetti": ["Board-certified psychiatrist", "0", "2", "Home"],
        "Dr. Maya Okafor": ["Physician", "3", "0", "Home"],  # a draft counts: it is still theirs
        "Sam Lee": ["Care coordinator", "0", "0", "Home"],
    }


def test_people_are_found_by_part_of_a_name_or_a_role(admin_client, library):
    assert names(listing(admin_client, PEOPLE, q="okaf")) == ["Dr. Maya Okafor"]
    assert names(listing(admin_client, PEOPLE, q="psychiatrist")) == ["Dr. Elena Marchetti"]


def test_people_filter_by_what_they_are_credited_as(admin_client, library):
    assert names(listing(admin_client, PEOPLE, credited_as="reviewer")) == ["Dr. Elena Marchetti"]
    assert names(listing(admin_client, PEOPLE, credited_as="author")) == ["Dr. Maya Okafor"]
    assert names(listing(admin_client, PEOPLE, credited_as="none")) == ["Sam Lee"]


def test_people_sort_by_articles_reviewed(admin_client, library):
    assert names(listing(admin_client, PEOPLE, ordering="-articles_reviewed"))[0] == "Dr. Elena Marchetti"


def test_categories_list_shows_article_counts_and_filters_the_unused(admin_client, library):
    rows = listing(admin_client, CATEGORIES)
    assert rows[0] == ["Name", "Articles", "Order", "Site"]
    assert [[name, *row[1:]] for name, row in zip(names(rows), rows[1:], strict=True)] == [
        ["Treatment basics", "2", "10", "Home"],
        ["Safety", "1", "20", "Home"],
        ["Paying for care", "0", "30", "Home"],
    ]
    assert names(listing(admin_client, CATEGORIES, in_use="no")) == ["Paying for care"]
    assert names(listing(admin_client, CATEGORIES, in_use="yes")) == ["Treatment basics", "Safety"]
    assert names(listing(admin_client, CATEGORIES, q="safe")) == ["Safety"]


def admin_menu(admin_client) -> dict[str, list[tuple[str, str]]]:
    """The sidebar's main menu: each top-level label with its (label, URL) items, or its own link."""
    page = BeautifulSoup(admin_client.get(reverse("wagtailadmin_home")).content, "html.parser")
    modules = json.loads(page.select_one("#wagtail-sidebar-props").string)["modules"]
    [main] = [module for module in modules if module["_type"].endswith("MainMenuModule")]
    menu = {}
    for item in main["_args"][0]:
        options, *children = item["_args"]
        entries = children[0] if children and isinstance(children[0], list) else [item]
        menu[options["label"]] = [(entry["_args"][0]["label"], entry["_args"][0].get("url")) for entry in entries]
    return menu


def test_people_and_categories_sit_under_resources_in_the_menu(admin_client, library):
    menu = admin_menu(admin_client)
    assert menu["Resources"] == [("People", reverse(PEOPLE)), ("Categories", reverse(CATEGORIES))]
    labels = list(menu)
    assert labels.index("Pages") < labels.index("Resources") < labels.index("Images")
