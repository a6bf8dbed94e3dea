"""Private pages stay private: a page's own restriction, its ancestors', and its source page's for an alias."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from resources.tests.builders import make_article, make_site

SECRET_TEXT = "Only for the clinic's patients"


@pytest.fixture
def hub(db):
    _site, _home, hub = make_site()
    return hub


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="lantern")


def asks_for_a_password(page) -> bool:
    return page.select_one('form input[name="password"]') is not None


def test_a_public_article_is_shown(client, hub):
    article = make_article(hub, "Preparing for your first session", summary=SECRET_TEXT)
    page = served(client, article.url)
    assert not asks_for_a_password(page)
    assert page.h1.get_text(strip=True) == "Preparing for your first session"


def restricted_article(hub):
    article = make_article(hub, "Preparing for your first session", summary=SECRET_TEXT)
    restrict(article)
    return article


def article_under_a_restricted_hub(hub):
    restrict(hub)
    return make_article(hub, "Preparing for your first session", summary=SECRET_TEXT)


def alias_of_a_restricted_article(hub):
    return restricted_article(hub).create_alias(update_slug="first-session-alias")


@pytest.mark.parametrize(
    "private_page", [restricted_article, article_under_a_restricted_hub, alias_of_a_restricted_article]
)
def test_a_private_article_asks_for_the_password(client, hub, private_page):
    page = served(client, private_page(hub).url)
    assert asks_for_a_password(page)
    assert SECRET_TEXT not in page.get_text()
