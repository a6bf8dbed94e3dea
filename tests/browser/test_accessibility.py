"""Accessibility of the demo's public pages in chromium, on a phone and a desktop.

axe-core (bundled by the PyPI package axe-playwright-python, nothing fetched) finds no serious or
critical violation on any kind of page, and a keyboard alone reaches the skip link, the header's search
and menu, and the newsletter signup, each showing where the focus is.
"""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from .demo_pages import PAGES
from .journal import DESKTOP_DEVICE, PHONE_DEVICE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

# What has the keyboard focus, as a person would describe it.
FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const label = element.labels && element.labels.length ? element.labels[0].textContent : "";
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        name: (label || element.getAttribute("aria-label") || element.textContent).trim()
            || element.querySelector("img")?.alt,
        landmark: element.closest("header, nav, main, footer")?.tagName.toLowerCase() ?? "",
        outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        visible: element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().height > 0,
    };
}"""


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


def describe(violation: dict) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
    return f"{violation['id']} [{violation['impact']}] {violation['help']}: {targets}{more}"


def test_no_serious_or_critical_axe_violation_on_any_kind_of_page_on_a_phone_or_a_desktop(demo, journal):
    axe = Axe()
    blocking, minor = [], []
    for device_name, device in (("phone", PHONE_DEVICE), ("desktop", DESKTOP_DEVICE)):
        page = journal.new_page(device_name, **device)
        for name, (path, status) in PAGES.items():
            assert page.goto(demo + path).status == status, path
            journal.step(page, name)
            # Nothing scrolls sideways, and the heading keeps clear of the screen's edges.
            assert page.evaluate(OVERFLOW) <= 0, f"{device_name} {name}: the page scrolls sideways"
            box = page.get_by_role("heading", level=1).bounding_box()
            assert box["x"] >= 12, f"{device_name} {name}: the heading touches the screen's edge"
            for violation in axe.run(page).response["violations"]:
                found = f"{device_name} {name} ({path}): {describe(violation)}"
                (blocking if violation["impact"] in BLOCKING else minor).append(found)
    if minor:
        print("Moderate and minor axe violations (not failing the test):", *minor, sep="\n  ")
    assert not blocking, "Serious or critical axe violations:\n  " + "\n  ".join(blocking)


def test_a_keyboard_reaches_the_skip_link_search_menu_and_newsletter_signup_and_shows_the_focus(demo, journal):
    page = journal.new_page("keyboard", **DESKTOP_DEVICE)
    page.goto(demo + "/")

    # The first Tab reaches the skip link, which appears, and takes the focus to the main content.
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert (skip["name"], skip["visible"], skip["outlined"]) == ("Skip to main content", True, True)
    journal.step(page, "skip link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url == demo + "/#main"
    # The next Tab goes on from the main content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["landmark"] == "main"

    # From the top again, Tab by Tab, until the newsletter's Subscribe button.
    page.goto(demo + "/")
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1]["name"] == "Subscribe":
            break
    journal.step(page, "newsletter reached")
    header = [(stop["landmark"], stop["name"]) for stop in stops[:7]]
    assert header == [
        ("", "Skip to main content"),
        ("header", "Harborlight Health"),  # the logo, home
        ("header", "Search"),
        ("header", "Search"),  # the search button
        ("nav", "Resources"),
        ("nav", "How it works"),
        ("nav", "Pricing"),
    ]
    assert (stops[2]["tag"], stops[3]["tag"]) == ("input", "button")
    names = [stop["name"] for stop in stops]
    assert names[-2:] == ["Email address", "Subscribe"]  # the honeypot field is skipped
    assert stops[-2]["id"] == "newsletter-email"
    # Every stop shows where the focus is.
    assert [stop["name"] for stop in stops if not stop["outlined"]] == []
