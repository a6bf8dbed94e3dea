"""Wrong page passwords are throttled per client address and protected page: after PAGE_PASSWORD_FAILURE_RATE
(5 in 15 minutes) the password form answers a friendly 429, to the right password too; other visitors and other
protected pages are not affected."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.tests.test_environment import GOOD_KEY, read_settings
from resources.tests.builders import make_article, make_site

pytestmark = pytest.mark.django_db

PASSWORD = "patients-only-2024"
VISITOR = "203.0.113.7"
NEIGHBOUR = "198.51.100.9"


def protect(page, password=PASSWORD) -> PageViewRestriction:
    return PageViewRestriction.objects.create(page=page, restriction_type="password", password=password)


@pytest.fixture
def protected():
    """Two articles, each behind a password of its own."""
    _site, _home, hub = make_site()
    articles = [make_article(hub, title) for title in ("Aftercare plan", "Dosing schedule")]
    return [(article, protect(article)) for article in articles]


def try_password(browser, article, restriction, password, address=VISITOR):
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    return browser.post(url, {"password": password, "return_url": article.url}, REMOTE_ADDR=address)


def sees_article(browser, article, address=VISITOR) -> bool:
    response = browser.get(article.url, REMOTE_ADDR=address)
    return response.status_code == 200 and f"Body text of {article.title}." in response.content.decode()


def test_sixty_wrong_passwords_then_the_right_one_are_refused_after_the_fifth(protected):
    article, restriction = protected[0]
    browser = Client()

    answers = [try_password(browser, article, restriction, f"guess-{n}").status_code for n in range(60)]
    right = try_password(browser, article, restriction, PASSWORD)

    assert answers[:5] == [200] * 5  # the form again, saying the password is wrong
    assert set(answers[5:]) == {429}
    assert right.status_code == 429
    page = right.content.decode()
    assert "Too many wrong passwords" in page
    assert 0 < int(right["Retry-After"]) <= 15 * 60
    assert "no-store" in right["Cache-Control"]
    assert not sees_article(browser, article)


def test_the_right_password_still_works_before_the_limit(protected):
    article, restriction = protected[0]
    browser = Client()
    for n in range(4):
        try_password(browser, article, restriction, f"guess-{n}")

    assert try_password(browser, article, restriction, PASSWORD).status_code == 302
    assert sees_article(browser, article)


def test_other_visitors_and_other_protected_pages_are_not_affected(protected):
    (article, restriction), (other_article, other_restriction) = protected
    for n in range(10):
        try_password(Client(), article, restriction, f"guess-{n}")

    neighbour = Client()
    assert try_password(neighbour, article, restriction, PASSWORD, address=NEIGHBOUR).status_code == 302
    assert sees_article(neighbour, article, address=NEIGHBOUR)
    same_visitor = Client()
    assert try_password(same_visitor, other_article, other_restriction, PASSWORD).status_code == 302
    assert sees_article(same_visitor, other_article)


def test_naming_another_page_under_the_same_protection_does_not_reset_the_count(protected):
    """The password belongs to the restriction; the page in the address only says where the form was."""
    article, restriction = protected[0]
    (other_article, _) = protected[1]
    for n in range(5):
        try_password(Client(), article, restriction, f"guess-{n}")

    assert try_password(Client(), other_article, restriction, "guess-5").status_code == 429


def test_a_rate_from_the_environment_sets_the_limit(protected, settings):
    settings.PAGE_PASSWORD_FAILURE_RATE = "2/h"
    article, restriction = protected[0]
    browser = Client()

    answers = [try_password(browser, article, restriction, f"guess-{n}").status_code for n in range(3)]

    assert answers == [200, 200, 429]
    assert read_settings(["PAGE_PASSWORD_FAILURE_RATE"], SECRET_KEY=GOOD_KEY, PAGE_PASSWORD_FAILURE_RATE="3/30m") == {
        "PAGE_PASSWORD_FAILURE_RATE": "3/30m"
    }
