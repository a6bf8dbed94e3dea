"""A site manager changes the offer in the admin; every page using the default follows."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from marketing.models import ReusableCallToAction, SiteSettings
from marketing.tests.builders import make_site_settings
from resources.tests.builders import make_article, make_site


class SiteSettingsAdmin(WagtailPageTestCase):
    def setUp(self):
        self.site, self.home, self.hub = make_site()
        make_site_settings(self.site)
        self.login()
        self.url = reverse("wagtailsettings:edit", args=["marketing", "sitesettings", self.site.pk])

    def test_settings_are_grouped_in_tabs(self):
        page = BeautifulSoup(self.client.get(self.url).content, "html.parser")
        tabs = [tab.find(string=True, recursive=False).strip() for tab in page.select("[role=tab]")]
        assert tabs == [
            "Brand",
            "Contact",
            "Offer",
            "Coverage",
            "Compliance",
            "Navigation",
            "Search engines",
            "Analytics",
        ]

    def form(self, **changes):
        values = {
            "brand_name": "Harborlight Health",
            "primary_colour": "#1f5f6b",
            "accent_colour": "#b34e12",
            "social_profiles": streamfield([]),
            "starting_price": "250",
            "billing_period": "month",
            "inclusions": streamfield([("inclusion", "Board-certified physician")]),
            "cta_label": "Book a consultation",
            "cta_url": "https://book.example/harborlight",
            "coverage": streamfield(
                [("area", {"state": "Florida", "county_count": "67", "all_counties": "on", "counties": ""})]
            ),
            "disclaimer": rich_text("<p>Not medical advice.</p>"),
            "header_links": streamfield([]),
            "footer_columns": streamfield([]),
        }
        values.update(changes)
        return nested_form_data(values)

    def test_changing_the_price_in_the_admin_changes_the_article(self):
        article = make_article(self.hub, "Any article")
        response = self.client.post(self.url, self.form(starting_price="289"))
        assert response.status_code == 302
        assert SiteSettings.for_site(self.site).starting_price == 289
        page = BeautifulSoup(self.client.get(article.url).content, "html.parser")
        assert page.select_one(".article__body .cta h2").get_text() == "Starting at $289/month"

    def test_bad_colour_is_refused_with_a_message(self):
        response = self.client.post(self.url, self.form(primary_colour="teal", starting_price="999"))
        assert response.status_code == 200
        assert "Enter a colour as # and six hex digits" in response.content.decode()
        saved = SiteSettings.for_site(self.site)
        assert (saved.primary_colour, saved.starting_price) == ("#1f5f6b", 250)


# --- Saved calls to action ------------------------------------------------------------------------

CTAS = "wagtailsnippets_marketing_reusablecalltoaction:list"


@pytest.fixture
def saved_ctas(db):
    site, _, hub = make_site()
    spring = ReusableCallToAction.objects.create(
        site=site, name="Spring consultation", heading="Start this spring", button_label="Book now"
    )
    ReusableCallToAction.objects.create(
        site=site, name="Sitter guide", heading="Download the guide", button_label="Get it"
    )
    for title in ("What to expect", "Side effects"):
        make_article(
            hub,
            title,
            body=[("call_to_action", {"reusable": spring}), ("paragraph", "<p>Text.</p>")],
        )
    return spring


def cta_rows(admin_client, **params) -> list[list[str]]:
    response = admin_client.get(reverse(CTAS), params)
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").select_one("table.listing")
    if table is None:
        return []
    return [[cell.get_text(" ", strip=True) for cell in row.select("th, td")][1:] for row in table.select("tr")]


def cta_names(rows) -> list[str]:
    return [row[0].split(" Edit")[0] for row in rows[1:]]


def test_saved_calls_to_action_list_shows_heading_button_and_where_each_is_used(admin_client, saved_ctas):
    rows = cta_rows(admin_client)

    assert rows[0] == ["Name", "Heading", "Button label", "Used", "Site"]
    assert [[row[0].split(" Edit")[0], *row[1:]] for row in rows[1:]] == [
        ["Sitter guide", "Download the guide", "Get it", "Used 0 times", "Home"],
        ["Spring consultation", "Start this spring", "Book now", "Used 2 times", "Home"],
    ]
    page = BeautifulSoup(admin_client.get(reverse(CTAS)).content, "html.parser")
    usage_url = reverse("wagtailsnippets_marketing_reusablecalltoaction:usage", args=[saved_ctas.pk])
    assert page.find("a", string=lambda text: text and "Used 2 times" in text)["href"] == usage_url
    usage = admin_client.get(usage_url).content.decode()
    assert "What to expect" in usage
    assert "Side effects" in usage


def test_saved_calls_to_action_are_searchable_and_filter_by_use(admin_client, saved_ctas):
    assert cta_names(cta_rows(admin_client, q="spring")) == ["Spring consultation"]
    assert cta_names(cta_rows(admin_client, q="guide")) == ["Sitter guide"]
    assert cta_names(cta_rows(admin_client, in_use="yes")) == ["Spring consultation"]
    assert cta_names(cta_rows(admin_client, in_use="no")) == ["Sitter guide"]
    assert cta_names(cta_rows(admin_client, ordering="-usage_count")) == ["Spring consultation", "Sitter guide"]
