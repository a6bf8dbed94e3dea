"""A real browser opens the home page and the admin login."""

import io

import pytest
from django.core.management import call_command

# The live server needs committed data; serialized_rollback brings back the
# rows Wagtail's migrations create (root page, locale, default site) after each flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def live_demo_site(live_server):
    call_command("seed_demo", "--admin-password", "browser-test-password", stdout=io.StringIO())
    return live_server


def test_home_page_in_chromium(browser_page, live_demo_site, screenshot):
    response = browser_page.goto(live_demo_site.url + "/")
    assert response.status == 200
    heading = browser_page.get_by_role("heading", level=1)
    assert heading.inner_text() == "At-home ketamine therapy, guided by physicians"
    assert heading.is_visible()
    # The stylesheet loaded and applied: the header carries the brand colour.
    header_colour = browser_page.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(31, 95, 107)"
    screenshot(browser_page, "home")
    # The skip link is the first thing a keyboard reaches.
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.textContent") == "Skip to main content"


def test_admin_login_in_chromium(browser_page, live_demo_site, screenshot):
    browser_page.goto(live_demo_site.url + "/admin/")
    assert browser_page.url.startswith(live_demo_site.url + "/admin/login/")
    browser_page.get_by_label("Username").fill("admin")
    browser_page.get_by_label("Password").fill("browser-test-password")
    screenshot(browser_page, "admin-login")
    browser_page.get_by_role("button", name="Sign in").click()
    browser_page.wait_for_url(live_demo_site.url + "/admin/")
    assert browser_page.get_by_role("heading", level=1).first.is_visible()
