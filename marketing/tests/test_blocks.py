"""Each marketing block renders from its own values and, left blank, from the site's settings."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from marketing.models import ReusableCallToAction
from marketing.tests.builders import make_site_settings
from resources.tests.builders import make_article, make_site


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text().split())


def publish_home_body(home, body):
    home.body = body
    home.save_revision().publish()


@pytest.fixture
def site(db):
    site, home, hub = make_site()
    make_site_settings(site)
    return site, home, hub


def test_call_to_action_from_its_own_values(client, site):
    _, home, _ = site
    publish_home_body(
        home,
        [
            (
                "call_to_action",
                {
                    "eyebrow": "Ready?",
                    "heading": "Talk to a physician this week",
                    "text": "Most first visits happen within five days.",
                    "button_label": "Check availability",
                    "link": {"label": "", "page": None, "url": "https://book.example/this-week"},
                },
            )
        ],
    )
    cta = soup(client.get("/")).select_one(".sections .cta")
    assert text_of(cta.select_one(".cta__eyebrow")) == "Ready?"
    assert text_of(cta.h2) == "Talk to a physician this week"
    assert text_of(cta.select_one(".cta__text")) == "Most first visits happen within five days."
    assert (cta.a["href"], text_of(cta.a)) == ("https://book.example/this-week", "Check availability")


def test_blank_call_to_action_uses_the_sites_offer(client, site):
    _, home, _ = site
    publish_home_body(home, [("call_to_action", {})])
    cta = soup(client.get("/")).select_one(".sections .cta")
    assert text_of(cta.h2) == "Starting at $250/month"
    assert (cta.a["href"], text_of(cta.a)) == ("https://book.example/harborlight", "Book a consultation")


def test_reusable_call_to_action_edit_shows_on_every_page_using_it(client, site):
    own_site, home, hub = site
    saved = ReusableCallToAction.objects.create(site=own_site, name="Spring", heading="Spring appointments are open")
    publish_home_body(home, [("call_to_action", {"reusable": saved})])
    article = make_article(hub, "Uses the saved CTA", body=[("call_to_action", {"reusable": saved})])
    saved.heading = "Summer appointments are open"
    saved.save()
    for url in ("/", article.url):
        headings = [text_of(h) for h in soup(client.get(url)).select(".cta h2")]
        assert "Summer appointments are open" in headings
        assert "Spring appointments are open" not in headings


def test_pricing_defaults_to_the_sites_starting_price(client, site):
    _, home, _ = site
    publish_home_body(home, [("pricing", {"heading": "Pricing", "plans": []})])
    pricing = soup(client.get("/")).select_one(".pricing")
    assert text_of(pricing.select_one(".plan__price")) == "Starting at $250/month"
    assert [text_of(li) for li in pricing.select(".plan__inclusions li")] == [
        "Board-certified physician",
        "Medication delivered to your door",
    ]
    assert pricing.select_one(".plan a")["href"] == "https://book.example/harborlight"


def test_pricing_plan_cards_from_their_own_values(client, site):
    _, home, _ = site
    plan = {
        "name": "Maintenance",
        "price": Decimal("199.50"),
        "period": "month",
        "inclusions": ["Monthly check-in"],
        "button_label": "",
        "link": {"label": "", "page": None, "url": ""},
    }
    publish_home_body(home, [("pricing", {"heading": "Plans", "plans": [plan]})])
    card = soup(client.get("/")).select_one(".pricing .plan")
    assert text_of(card.h3) == "Maintenance"
    assert text_of(card.select_one(".plan__price")) == "$199.50/month"
    assert (text_of(card.a), card.a["href"]) == ("Book a consultation", "https://book.example/harborlight")


def test_coverage_from_settings_with_expandable_counties(client, site):
    _, home, _ = site
    publish_home_body(home, [("coverage", {"heading": "Where we provide care", "show_county_lists": True})])
    coverage = soup(client.get("/")).select_one(".coverage")
    assert text_of(coverage.select_one(".coverage__summary")) == (
        "Available in Florida (all 67 counties) and New Jersey (all 21 counties)."
    )
    details = coverage.select("details")
    assert len(details) == 1  # New Jersey lists no counties
    assert text_of(details[0].summary) == "Counties served in Florida"
    assert [text_of(li) for li in details[0].select("li")] == ["Miami-Dade", "Broward", "Palm Beach"]


def test_disclaimer_block_shows_the_sites_disclaimer(client, site):
    _, home, _ = site
    publish_home_body(home, [("disclaimer", None)])
    disclaimers = soup(client.get("/")).select(".sections .disclaimer")
    assert [text_of(d) for d in disclaimers] == ["This content is for information only and is not medical advice."]


def test_a_price_change_in_settings_shows_on_every_page_using_the_default(client, site):
    site_obj, home, hub = site
    publish_home_body(home, [("pricing", {"heading": "Pricing", "plans": []})])
    article = make_article(hub, "Any article")
    make_site_settings(site_obj, starting_price=Decimal("275.00"))
    assert text_of(soup(client.get("/")).select_one(".plan__price")) == "Starting at $275/month"
    assert text_of(soup(client.get(article.url)).select_one(".article__body .cta h2")) == "Starting at $275/month"


def test_articles_show_call_to_action_and_disclaimer(client, site):
    _, _, hub = site
    page = soup(client.get(make_article(hub, "Reading").url))
    assert text_of(page.select_one(".article__body .cta h2")) == "Starting at $250/month"
    assert "not medical advice" in text_of(page.select_one(".article__body .disclaimer"))
    assert "not medical advice" in text_of(page.select_one("footer .disclaimer"))
