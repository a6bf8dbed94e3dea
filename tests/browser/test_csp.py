"""The Content-Security-Policy holds in a real browser: the public pages (served fresh and from the
page cache) and the admin's page editor load without a single violation, and the brand colours,
the search suggestions and Google Analytics still work under it."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry

from marketing.models import SiteSettings
from resources.tests.builders import make_article, make_category, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BRAND = "#6a1b9a"
BRAND_RGB = "rgb(106, 27, 154)"
# Runs before any script of the page (Playwright injects it, so the policy does not apply to it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def library(live_server):
    site, home, hub = make_site()
    for model in registry:  # a live site has its settings rows
        if issubclass(model, BaseSiteSetting):
            model.for_site(site)
    brand = SiteSettings.for_site(site)
    brand.primary_colour = BRAND
    brand.save()
    safety = make_category("Safety")
    article = make_article(hub, "Blood pressure checks during treatment", category=safety)
    make_article(hub, "Blood tests before you start", category=safety)
    return {"url": live_server.url, "site": site, "home": home, "hub": hub, "article": article}


@pytest.fixture
def watched(browser_page):
    """The browser page, recording every CSP violation event and every console message about one."""
    browser_page.add_init_script(RECORD_VIOLATIONS)
    browser_page.console_problems = []
    browser_page.on(
        "console",
        lambda message: message.type in ("error", "warning") and browser_page.console_problems.append(message.text),
    )
    return browser_page


def violations(page) -> list[str]:
    events = page.evaluate("window.__cspViolations")
    console = [text for text in page.console_problems if "Content Security Policy" in text or "Policy" in text]
    return events + console


def test_public_pages_fresh_and_cached_load_without_a_csp_violation(watched, library):
    url = library["url"]
    pages = ["/", library["hub"].url, library["article"].url, "/search/?q=blood"]
    for path in pages:
        first = watched.goto(url + path)
        assert "'unsafe-inline'" not in first.headers["content-security-policy"]
        assert violations(watched) == [], path
    article = watched.goto(url + library["article"].url)
    assert article.headers["x-page-cache"] == "hit"
    assert violations(watched) == []
    # The brand colour comes from the hashed inline <style>, which the policy let through.
    header = watched.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header == BRAND_RGB
    # Suggestions are fetched from this origin (connect-src 'self').
    box = watched.get_by_role("combobox", name="Search")
    box.fill("blo")
    watched.get_by_role("listbox", name="Suggestions").wait_for()
    assert violations(watched) == []


def test_google_analytics_loads_under_the_policy_only_on_a_site_that_has_an_id(watched, library):
    requested = []

    def fake_gtag(route):
        requested.append(route.request.url)
        route.fulfill(body="window.gtagLoaded = true;", content_type="text/javascript")

    watched.route("https://www.googletagmanager.com/**", fake_gtag)
    watched.goto(library["url"] + "/")
    assert requested == []  # no ID: no analytics code at all
    brand = SiteSettings.for_site(library["site"])
    brand.analytics_measurement_id = "G-TEST1234"
    brand.save()

    response = watched.goto(library["url"] + "/")

    assert "googletagmanager.com" in response.headers["content-security-policy"]
    watched.wait_for_function("window.gtagLoaded === true")
    assert requested == ["https://www.googletagmanager.com/gtag/js?id=G-TEST1234"]
    assert watched.evaluate("window.dataLayer.length") == 2  # analytics.js ran: "js" and "config"
    assert violations(watched) == []


def test_the_admin_login_page_editor_and_userbar_load_without_a_violation(watched, library):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct-horse-battery")
    login = watched.goto(library["url"] + "/admin/login/")
    assert "'unsafe-inline'" not in login.headers["content-security-policy"]  # where passwords are typed
    watched.get_by_label("Username").fill("editor")
    watched.get_by_label("Password").fill("correct-horse-battery")
    watched.get_by_role("button", name="Sign in").click()
    watched.wait_for_url(library["url"] + "/admin/")

    editor = watched.goto(f"{library['url']}/admin/pages/{library['article'].pk}/edit/")

    assert "'unsafe-inline'" in editor.headers["content-security-policy"]
    watched.get_by_role("button", name="Save draft").wait_for()
    assert watched.locator("#id_title").input_value() == "Blood pressure checks during treatment"
    # The preview panel frames the page, under the public policy with frame-ancestors 'self'.
    watched.get_by_role("button", name="Toggle preview").click()
    heading = watched.frame_locator("#w-preview-iframe").get_by_role("heading", level=1)
    assert heading.inner_text() == "Blood pressure checks during treatment"
    assert violations(watched) == []
    # A logged-in editor sees the public page with Wagtail's user bar, under the public policy.
    page = watched.goto(library["url"] + library["article"].url)
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    watched.locator("wagtail-userbar, [data-wagtail-userbar]").first.wait_for(state="attached")
    assert violations(watched) == []
