"""Editors see every search and social field in the Promote tab, with help on lengths, and their changes show."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from resources.tests.builders import make_image
from seo.tests.world import COLOURS, MAIN_HOST, fresh, page_url, render, same_colour, served_image

pytestmark = pytest.mark.django_db

PROMOTE_FIELDS = ["seo_title", "search_description", "og_image", "canonical_url", "noindex"]


def promote_tab(admin_client, page) -> BeautifulSoup:
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    label = soup.find(id="tab-label-promote")
    assert label is not None, "no Promote tab"
    assert label.get_text(" ", strip=True).startswith("Promote")
    panel = soup.find(id=label["href"].lstrip("#"))
    assert panel is not None
    return panel


def help_text(panel, field) -> str:
    control = panel.find(attrs={"name": field})
    assert control is not None, f"{field} is not in the Promote tab"
    wrapper = control.find_parent(class_="w-field__wrapper")
    help_element = wrapper.select_one(".w-field__help")
    return help_element.get_text(" ", strip=True) if help_element else ""


def test_article_promote_tab_has_every_field_and_length_help(admin_client, world):
    panel = promote_tab(admin_client, world.main.reviewed_article)
    for field in PROMOTE_FIELDS:
        assert panel.find(attrs={"name": field}) is not None, field
    assert "60 characters" in help_text(panel, "seo_title")
    assert "155 characters" in help_text(panel, "search_description")
    for field in ("og_image", "canonical_url", "noindex"):
        assert help_text(panel, field), f"{field} has no help text"


@pytest.mark.parametrize("kind", ["home", "hub", "landing"])
def test_every_page_type_has_the_same_promote_tab(admin_client, world, kind):
    panel = promote_tab(admin_client, world.jersey.page(kind))
    for field in PROMOTE_FIELDS:
        assert panel.find(attrs={"name": field}) is not None, (kind, field)
    assert "60 characters" in help_text(panel, "seo_title")
    assert "155 characters" in help_text(panel, "search_description")


def test_what_an_editor_sets_in_the_promote_tab_is_what_crawlers_see(admin_client, client, world):
    landing = fresh(world.main.landing)
    share_image = make_image("Florida share card", size=(1400, 800), colour=COLOURS["own"])
    data = nested_form_data(
        {
            "title": landing.title,
            "slug": landing.slug,
            "introduction": landing.introduction,
            "body": streamfield([("paragraph", rich_text("<p>About Florida.</p>"))]),
            "seo_title": "Ketamine therapy in Florida, at home",
            "search_description": "Physician-led ketamine therapy at home, anywhere in Florida.",
            "og_image": share_image.pk,
            "canonical_url": "https://www.harborlight.example/florida/",
            "noindex": "on",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[landing.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = render(client, page_url(landing), MAIN_HOST)
    assert page.title == "Ketamine therapy in Florida, at home"
    assert page.meta("description") == ["Physician-led ketamine therapy at home, anywhere in Florida."]
    assert page.canonical == "https://www.harborlight.example/florida/"
    assert page.robots == ["noindex"]
    [image_url] = page.og("og:image")
    _, colour = served_image(client, image_url, MAIN_HOST)
    assert same_colour(colour, COLOURS["own"])
    sitemap = client.get("/sitemap.xml", headers={"host": MAIN_HOST}).content.decode()
    assert "/florida/" not in sitemap
