"""A site manager changes the offer in the admin; every page using the default follows."""

from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from marketing.models import SiteSettings
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
