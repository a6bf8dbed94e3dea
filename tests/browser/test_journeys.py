"""Whole journeys through the demo (``seed_demo``) in chromium, as the people who make them.

An editor writes an article in the admin, a medical reviewer approves it and it goes live; a visitor on a
phone finds it through the hub and search, and signs up for the newsletter with and without JavaScript;
a site manager changes the starting price and every page shows it on the next load. Each step's
screenshot is saved when a test fails (``journal``).
"""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Site

from marketing.models import SiteSettings
from newsletter.models import NewsletterSettings, Subscriber
from resources.models import ArticlePage, Person

from .journal import DESKTOP_DEVICE, PHONE_DEVICE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "journey-demo-password"
TITLE = "What to bring to your first video visit"
# What the editor pastes into the rich text block (a paste, as from a document): 650 words. With the
# other blocks' 50 or so, the article takes 4 minutes to read at 200 words a minute.
PASTED = "<p>" + "Write down each medicine you take, with its usual dose. " * 65 + "</p>"
# A phrase that only this article has, typed in bold: a visitor searches for it.
PHRASE = "pulse oximeter"
BLOCKING = {"serious", "critical"}  # axe-core impacts that fail a test


@pytest.fixture
def demo(live_server):
    """The demo exactly as ``make run`` builds it, with its admin and each site's team accounts."""
    call_command("seed_demo", "--admin-password", PASSWORD, stdout=io.StringIO())
    # A live site has all its settings rows (seed_demo leaves out wagtail-seo's): made on a first render,
    # one would retire the page cache's copies mid-test.
    for model in settings_registry:
        if issubclass(model, BaseSiteSetting):
            for site in Site.objects.all():
                model.for_site(site)
    return live_server.url


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")


def insert_block(page, name: str):
    """Add a block at the end of the body with the block picker, and return it."""
    body = page.locator("#body-root > [data-streamfield-stream-container] > [data-streamfield-child]")
    count = body.count()
    # The last "Insert a block" button of the body is the one below its last block.
    page.locator("#body-root").get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=name, exact=True).click()
    expect(body).to_have_count(count + 1)
    block = body.nth(count)
    expect(block.locator(".c-sf-block__type").first).to_have_text(name)
    return block


def choose_in_modal(page, opener, choice: str, search: str | None = None) -> None:
    opener.click()
    dialog = page.get_by_role("dialog")
    if search:
        dialog.get_by_label("Search term").fill(search)
    dialog.get_by_role("link", name=choice).click()
    expect(dialog).to_be_hidden()


# A paste from another document: Draftail reads the clipboard of the paste event.
PASTE = """(target, html) => {
    target.focus();
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", html.replace(/<[^>]+>/g, ""));
    target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def write_article(page, journal) -> None:
    """The editor fills in the article form, block by block, as in the admin."""
    page.get_by_placeholder("Page title").fill(TITLE)
    page.get_by_role("textbox", name="Summary").fill(
        "A short checklist for your first appointment: your medicines, your readings and your questions."
    )

    heading = insert_block(page, "Heading")
    heading.get_by_role("textbox", name="Text").fill("Before the call")

    text = insert_block(page, "Rich text").get_by_role("textbox")
    text.click()
    page.keyboard.type("Have your ")
    page.keyboard.press("Control+b")
    page.keyboard.type(PHRASE)
    page.keyboard.press("Control+b")
    page.keyboard.type(" and a list of your medicines ready. ")
    text.evaluate(PASTE, PASTED)
    expect(text.locator("strong, b, [style*=bold]").first).to_have_text(PHRASE)
    journal.step(page, "heading and rich text")

    figure = insert_block(page, "Image with caption")
    choose_in_modal(
        page,
        figure.get_by_role("button", name="Choose an image"),
        "Concentric rings of light on deep teal water.",
        search="teal water",
    )
    figure.get_by_role("textbox", name="Alt text").fill("Rings of light spreading across calm teal water")
    figure.get_by_role("textbox", name="Caption").fill("Take the call somewhere calm.")
    journal.step(page, "image chosen")

    faq = insert_block(page, "FAQ")
    faq.get_by_role("textbox", name="Question").fill("Do I need a referral?")
    faq.locator("[contenteditable=true]").click()
    page.keyboard.type("No. One of our physicians assesses you in the first video visit.")

    cta = insert_block(page, "Call to action")
    cta.get_by_role("textbox", name="Eyebrow").fill("Ready when you are")  # heading blank: the site's price

    pricing = insert_block(page, "Pricing")
    # A new pricing block starts with one empty plan (its list's default); removed, the block shows the
    # site's own starting price and inclusions. (Tolerant of a block that starts with none.)
    plans = pricing.locator("[data-contentpath=plans]")
    for _ in range(plans.get_by_role("textbox", name="Name").count()):
        plans.get_by_role("button", name="Delete").first.click()
    expect(plans.get_by_role("textbox", name="Name")).to_have_count(0)

    insert_block(page, "Coverage areas")
    journal.step(page, "faq, cta, pricing and coverage")

    page.get_by_role("tab", name="Details").click()
    choose_in_modal(page, page.get_by_role("button", name="Choose resource category"), "Costs and coverage")
    choose_in_modal(
        page,
        page.locator("#panel-child-details-authorship_and_medical_review-content")
        .get_by_role("button", name="Choose person")
        .first,
        "Jordan Reyes",
    )
    journal.step(page, "details")


def test_editor_writes_reviewer_approves_and_a_visitor_on_a_phone_finds_reads_and_subscribes(demo, journal):
    site = Site.objects.get(is_default_site=True)
    offer = SiteSettings.for_site(site)
    thanks = NewsletterSettings.for_site(site).success_message  # "Thank you! You're on the list."

    # An editor of the site writes the article and submits it for medical review.
    editor = journal.new_page("editor", **DESKTOP_DEVICE)
    sign_in(editor, demo, "harborlight-editor")
    editor.get_by_role("button", name="Pages").click()
    editor.get_by_role("link", name="Resources", exact=True).click()
    editor.get_by_role("link", name="Add child page").click()
    expect(editor.get_by_role("heading", name="New: Article")).to_be_visible()
    write_article(editor, journal)
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Submit to Medical review").click()
    # (Wagtail may have autosaved the draft already: then the page exists and is only submitted.)
    submitted = re.compile(rf"Page '{TITLE}' (created and|has been) submitted for moderation\.")
    expect(editor.get_by_text(submitted)).to_be_visible()
    journal.step(editor, "submitted")
    article = ArticlePage.objects.get(title=TITLE)
    article_url = demo + article.relative_url(site)  # …/resources/what-to-bring-to-your-first-video-visit/
    assert not article.live
    assert journal.new_page("visitor", **DESKTOP_DEVICE).goto(article_url).status == 404  # not live yet

    # The site's medical reviewer finds it waiting on the dashboard and approves it.
    reviewer = journal.new_page("reviewer", **DESKTOP_DEVICE)
    sign_in(reviewer, demo, "harborlight-reviewer")
    waiting = reviewer.locator("section").filter(has=reviewer.get_by_role("heading", name="Awaiting your review"))
    row = waiting.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Harborlight editor")
    journal.step(reviewer, "awaiting review")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(waiting.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)
    journal.step(reviewer, "approved")

    article.refresh_from_db()
    assert article.live
    today = timezone.localdate()

    # A visitor on a phone: home page, the hub, a category, the article.
    phone = journal.new_page("phone", **PHONE_DEVICE)
    phone.goto(demo + "/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("At-home ketamine therapy, guided by physicians")
    journal.step(phone, "home")
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Resources").tap()
    phone.wait_for_url(demo + "/resources/")  # a first visit makes the cards' image sizes: seconds
    expect(phone.get_by_role("heading", level=1)).to_have_text("Resources")
    categories = phone.get_by_role("navigation", name="Categories")
    categories.get_by_role("link", name=re.compile("^Costs and coverage")).tap()
    phone.wait_for_url("**/resources/?category=costs-and-coverage")
    cards = phone.locator("section[aria-labelledby=latest-title] .card__title")
    expect(cards.first).to_have_text(TITLE)  # the newest first
    journal.step(phone, "hub filtered")
    cards.first.get_by_role("link").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.locator(".article__eyebrow")).to_contain_text("4 min read")
    reviewer_line = phone.locator(".byline__reviewer")
    approver = Person.objects.get(user__username="harborlight-reviewer")  # Dr. Samuel Whitfield
    expect(reviewer_line).to_contain_text(f"Medically reviewed by {approver.name}")
    expect(reviewer_line.locator("time")).to_have_attribute("datetime", today.isoformat())
    expect(reviewer_line.locator("time")).to_have_text(date_format(today, "F j, Y"))
    # The blocks the editor added, the blank ones filled from the site's settings.
    image = phone.locator("figure img")
    expect(image).to_have_attribute("alt", "Rings of light spreading across calm teal water")
    image.scroll_into_view_if_needed()  # it loads lazily
    phone.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
    phone.locator(".faq").get_by_text("Do I need a referral?").tap()  # the answer opens
    expect(phone.locator(".faq").get_by_text("No. One of our physicians assesses you")).to_be_visible()
    price = offer.starting_price_text  # "Starting at $250/month"
    cta = phone.locator(".cta").first
    expect(cta).to_contain_text("Ready when you are")
    expect(cta.locator(".cta__heading")).to_have_text(price)
    expect(cta.get_by_role("link", name=offer.cta_label)).to_be_visible()
    expect(phone.locator(".plan__price")).to_have_text(price)
    expect(phone.locator(".coverage__summary")).to_contain_text("Florida")
    journal.step(phone, "article")
    # Every block the editor used renders accessibly.
    violations = Axe().run(phone).response["violations"]
    blocking = [
        (found["id"], [node["target"] for node in found["nodes"]])
        for found in violations
        if found["impact"] in BLOCKING
    ]
    assert blocking == []

    # It searches for a phrase of the article and finds it first.
    search = phone.get_by_role("search", name="Site search")
    search.get_by_role("combobox", name="Search").fill(PHRASE)
    search.get_by_role("button", name="Search").tap()
    phone.wait_for_url("**/search/?q=pulse+oximeter")
    expect(phone.locator(".search-result__title").first).to_have_text(TITLE)
    journal.step(phone, "search")

    # And signs up for the newsletter from the article's footer, with JavaScript ...
    phone.locator(".search-result__title").first.get_by_role("link").tap()
    form = phone.locator("form[data-newsletter-form]").first
    form.get_by_label("Email address").fill("phone-reader@example.org")
    form.get_by_role("button", name="Subscribe").tap()
    expect(form.locator(".newsletter__status")).to_have_text(thanks)
    assert phone.url == article_url  # no page load
    journal.step(phone, "subscribed")

    # ... and without it, on another phone.
    plain = journal.new_page("phone without javascript", **PHONE_DEVICE, java_script_enabled=False)
    plain.goto(article_url)
    form = plain.locator("form[data-newsletter-form]").first
    form.get_by_label("Email address").fill("no-script-reader@example.org")
    with plain.expect_navigation():
        form.get_by_role("button", name="Subscribe").tap()
    assert plain.url == article_url + "#newsletter"
    expect(plain.locator("form[data-newsletter-form] .newsletter__status").first).to_have_text(thanks)
    journal.step(plain, "subscribed")
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "no-script-reader@example.org",
        "phone-reader@example.org",
    ]


def test_a_site_manager_changes_the_starting_price_and_cached_pages_show_it_at_once(demo, journal):
    home, article = "/", "/resources/understanding-the-cost-of-ketamine-therapy/"
    visitor = journal.new_page("visitor", **PHONE_DEVICE)

    def prices_shown() -> dict[str, list[str]]:
        shown = {}
        for path in (home, article):
            response = visitor.goto(demo + path)
            prices = visitor.locator(".plan__price, .cta__heading").all_inner_texts()
            shown[path] = [response.headers["x-page-cache"], *prices]
            journal.step(visitor, path)
        return shown

    old = "Starting at $250/month"
    assert prices_shown() == {home: ["miss", old, old], article: ["miss", old]}
    # Both pages are in the page cache now, with the old price.
    assert prices_shown() == {home: ["hit", old, old], article: ["hit", old]}

    manager = journal.new_page("site manager", **DESKTOP_DEVICE)
    sign_in(manager, demo, "harborlight-manager")
    manager.get_by_role("button", name="Settings").click()
    manager.get_by_role("link", name="Site settings").click()
    expect(manager.get_by_text("Site: localhost [default]")).to_be_visible()  # the manager's own site
    manager.get_by_role("tab", name="Offer").click()
    price = manager.get_by_label("Starting price")
    expect(price).to_have_value("250.00")
    price.fill("275")
    journal.step(manager, "new price")
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_text("Site settings updated.")).to_be_visible()
    journal.step(manager, "saved")

    new = "Starting at $275/month"
    # The next load is rendered afresh, not the cached copy with the old price.
    assert prices_shown() == {home: ["miss", new, new], article: ["miss", new]}
