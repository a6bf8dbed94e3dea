"""A visitor on a phone or desktop browses the Resources hub and reads an article."""

import pytest

from resources.tests.builders import days_ago, make_article, make_category, make_image, make_person, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def live_library(live_server):
    _, _, hub = make_site()
    basics, safety = make_category("Treatment basics", 1), make_category("Safety", 2)
    author, reviewer = make_person(), make_person("Dr. Luis Romero", "Board-certified psychiatrist")
    for n, (title, category) in enumerate(
        [
            ("What a first session at home looks like", basics),
            ("Preparing your space for treatment", basics),
            ("Who should not take ketamine", safety),
            ("Side effects and how we manage them", safety),
        ]
    ):
        make_article(
            hub,
            title,
            category=category,
            author=author,
            medical_reviewer=reviewer,
            image=make_image(f"Image {n}", colour=(40 + 40 * n, 120, 130)),
            tags=["first steps"],
            published=days_ago(n),
            summary="A clear, physician-reviewed guide for patients and families.",
            body=[
                ("heading", {"text": "Before you start", "level": "h2", "anchor": ""}),
                ("paragraph", "<p>" + "Our care team explains every step in plain language. " * 40 + "</p>"),
                ("heading", {"text": "During the session", "level": "h2", "anchor": ""}),
                ("paragraph", "<p>" + "A trusted adult stays with you throughout. " * 40 + "</p>"),
            ],
        )
    return live_server


def test_visitor_filters_the_hub_and_reads_an_article(browser_page, live_library, screenshot):
    browser_page.goto(live_library.url + "/resources/")
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Resources"
    screenshot(browser_page, "hub")

    browser_page.get_by_role("navigation", name="Categories").get_by_role("link", name="Safety").click()
    browser_page.wait_for_url("**/resources/?category=safety")
    titles = browser_page.locator("section[aria-labelledby=latest-title] .card__title").all_inner_texts()
    assert titles == ["Who should not take ketamine", "Side effects and how we manage them"]

    browser_page.get_by_role("link", name="Who should not take ketamine").click()
    assert browser_page.get_by_role("heading", level=1).inner_text() == "Who should not take ketamine"
    # 646 words at 200 a minute, rounded up.
    assert "4 min read" in browser_page.locator(".article__eyebrow").inner_text()
    screenshot(browser_page, "article")

    # The table of contents jumps to its section.
    browser_page.get_by_role("navigation", name="In this article").get_by_role(
        "link", name="During the session"
    ).click()
    assert browser_page.url.endswith("#during-the-session")

    # No horizontal scrolling on any viewport.
    overflow = browser_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
