"""A visitor searches from the header: with the autocomplete combobox, and without JavaScript."""

import pytest

from resources.tests.builders import make_article, make_category, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def live_articles(live_server):
    _, _, hub = make_site()
    safety = make_category("Safety")
    for title in ("Blood pressure checks during treatment", "Blood tests before you start", "Sleep after a session"):
        make_article(hub, title, category=safety, summary=f"{title}: what to expect.")
    return live_server


def test_combobox_suggests_titles_and_keyboard_picks_one(browser_page, live_articles, screenshot):
    browser_page.goto(live_articles.url + "/")
    box = browser_page.get_by_role("combobox", name="Search")
    box.fill("blo")
    listbox = browser_page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option").all_inner_texts()
    assert sorted(options) == ["Blood pressure checks during treatment", "Blood tests before you start"]
    screenshot(browser_page, "search-suggestions")

    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert browser_page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    chosen = browser_page.locator(f"#{active}").inner_text()
    box.press("Enter")
    browser_page.wait_for_url("**/resources/**")
    assert browser_page.get_by_role("heading", level=1).inner_text() == chosen


def test_escape_closes_and_enter_submits_the_plain_form(browser_page, live_articles, screenshot):
    browser_page.goto(live_articles.url + "/")
    box = browser_page.get_by_role("combobox", name="Search")
    box.fill("sleep")
    browser_page.get_by_role("listbox", name="Suggestions").wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    browser_page.wait_for_url("**/search/?q=sleep")
    assert browser_page.locator(".search-result__title").all_inner_texts() == ["Sleep after a session"]
    screenshot(browser_page, "search-results")


def test_search_works_without_javascript(chromium, live_articles):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_articles.url + "/")
    page.get_by_role("searchbox", name="Search").first.fill("blood pressure")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=blood+pressure")
    assert page.locator(".search-result__title").first.inner_text() == "Blood pressure checks during treatment"
    context.close()
