"""A visitor signs up from the footer of a cached page, with and without JavaScript: no CSRF token, only the
Origin header chromium sends by itself."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from playwright.sync_api import expect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry

from newsletter.models import Subscriber
from resources.tests.builders import make_article, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

THANKS = "Thanks! You're on the list."


@pytest.fixture
def article_url(live_server):
    site, _, hub = make_site()
    for model in registry:  # a live site has its settings rows
        if issubclass(model, BaseSiteSetting):
            model.for_site(site)
    return live_server.url + make_article(hub, "What to expect").url


def open_cached(page, url):
    assert page.goto(url).headers["x-page-cache"] == "miss"
    response = page.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0


def test_signing_up_with_javascript_from_a_cached_page(browser_page, article_url, screenshot):
    open_cached(browser_page, article_url)
    form = browser_page.locator("form[data-newsletter-form]").first

    form.get_by_label("Email address").fill("pat@example.org")
    form.get_by_role("button", name="Subscribe").click()

    expect(form.locator(".newsletter__status")).to_have_text(THANKS)
    assert browser_page.url == article_url  # no page load
    screenshot(browser_page, "newsletter-signed-up")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["pat@example.org"]


def test_signing_up_without_javascript_from_a_cached_page(chromium, article_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    open_cached(page, article_url)
    form = page.locator("form[data-newsletter-form]").first

    form.get_by_label("Email address").fill("sam@example.org")
    with page.expect_navigation() as navigation:
        form.get_by_role("button", name="Subscribe").click()

    assert page.url == article_url + "#newsletter"
    assert navigation.value.headers["x-page-cache"] == "bypass"  # it carries the thank-you message
    expect(page.locator("form[data-newsletter-form] .newsletter__status").first).to_have_text(THANKS)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["sam@example.org"]
    # Once the message has been shown, the page comes from the cache again, without it.
    assert page.reload().headers["x-page-cache"] == "hit"
    expect(page.locator("form[data-newsletter-form] .newsletter__status").first).to_have_text("")
    context.close()


def test_a_signup_while_the_database_is_down_says_to_try_again_and_stays_on_the_page(browser_page, article_url):
    open_cached(browser_page, article_url)  # served from the page cache, which needs no database
    form = browser_page.locator("form[data-newsletter-form]").first
    form.get_by_label("Email address").fill("pat@example.org")

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # Every query fails, as when the server has gone (the live server's open connection stays open).
    with mock.patch.object(BaseDatabaseWrapper, "_cursor", side_effect=refuse):
        with browser_page.expect_response("**/newsletter/subscribe/") as answer:
            form.get_by_role("button", name="Subscribe").click()
        assert answer.value.status == 503
        expect(form.locator(".newsletter__status")).to_contain_text("Please try again in a minute.")

    assert browser_page.url == article_url  # the script showed the answer: no page load
    expect(form.get_by_label("Email address")).to_have_value("pat@example.org")  # ready to send again
    assert not Subscriber.objects.exists()
