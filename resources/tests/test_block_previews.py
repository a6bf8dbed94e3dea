"""The block picker: every block a page offers has an icon, a group, a description and a live preview."""

import html
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from home.models import HomePage, LandingPage
from marketing.tests.builders import make_site_settings
from resources.models import ArticlePage
from resources.tests.builders import make_article, make_image, make_site

pytestmark = pytest.mark.django_db

PAGE_TYPES = [HomePage, LandingPage, ArticlePage]

# What each block's preview shows: its preview value, or the current site's settings it reads.
PREVIEW_TEXT = {
    "heading": "What a ketamine session at home looks like",
    "paragraph": "Ketamine is given in a low dose, at home, with a sitter present.",
    "quote": "A patient in Orlando",
    "callout": "Key takeaway",
    "image": "A quiet, comfortable room set up for a session at home.",
    "embed": "A YouTube or Vimeo video plays here",
    "table": "A first month of care",
    "faq": "Do I need a referral?",
    "references": "A review of ketamine for depression",
    "call_to_action": "Start with a free consultation",
    "pricing": "Starting at $250/month",
    "coverage": "Available in Florida (all 67 counties) and New Jersey (all 21 counties).",
    "disclaimer": "not medical advice",
    "newsletter_signup": "Get our newsletter",
}

PICKER_BLOCKS = [
    pytest.param(model, name, id=f"{model.__name__}.{name}")
    for model in PAGE_TYPES
    for name in model._meta.get_field("body").stream_block.child_blocks
]


@pytest.fixture
def site():
    site, _home, hub = make_site()
    make_site_settings(site)
    site.hub = hub
    return site


def test_every_block_a_page_offers_has_an_expected_preview():
    for model in PAGE_TYPES:
        assert set(model._meta.get_field("body").stream_block.child_blocks) == set(PREVIEW_TEXT), model


@pytest.mark.parametrize(("model", "name"), PICKER_BLOCKS)
def test_block_is_described_grouped_and_iconed(model, name):
    block = model._meta.get_field("body").stream_block.child_blocks[name]
    assert block.meta.icon != "placeholder"
    assert block.meta.group
    assert block.get_description()
    assert block.is_previewable


@pytest.mark.parametrize(("model", "name"), PICKER_BLOCKS)
def test_block_preview_renders_its_preview_value(admin_client, site, model, name):
    if name == "image":
        make_article(site.hub, "Preparing your space", image=make_image("A calm room"))
    block = model._meta.get_field("body").stream_block.child_blocks[name]

    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert PREVIEW_TEXT[name] in page.select_one("main").get_text(" ", strip=True)
    # In the site's own styles, so the preview looks like the page will.
    assert page.select_one("link[rel=stylesheet][href$='css/site.css']") is not None
    if name == "image":  # the newest article's photo, not an empty frame
        assert page.select_one("main figure img")["alt"] == "A calm room"


def test_the_editor_shows_each_block_with_its_group_and_description(admin_client, site):
    article_add = reverse("wagtailadmin_pages:add", args=["resources", "articlepage", site.hub.pk])
    editor = html.unescape(admin_client.get(article_add).content.decode())

    # The block definitions reach the picker as JSON inside the page.
    for block in ArticlePage._meta.get_field("body").stream_block.child_blocks.values():
        assert json.dumps(block.get_description()) in editor, block.name
    for group in ("Text", "Media", "Evidence and answers", "Marketing"):
        assert json.dumps(group) in editor
