from bs4 import BeautifulSoup
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import HomePage, LandingPage
from marketing.tests.builders import make_site_settings
from resources.tests.builders import make_site


class LandingPageTests(WagtailPageTestCase):
    def setUp(self):
        self.site, self.home, self.hub = make_site()
        make_site_settings(self.site)

    def test_landing_pages_live_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(LandingPage, {HomePage, LandingPage})
        self.assertCanNotCreateAt(self.hub.specific_class, LandingPage)

    def test_editor_builds_a_state_page_from_blocks(self):
        self.login()
        data = nested_form_data(
            {
                "title": "Ketamine therapy in Florida",
                "slug": "florida",
                "introduction": "Physician-led care at home, anywhere in Florida.",
                "body": streamfield(
                    [
                        ("coverage", {"heading": "Where we provide care", "show_county_lists": "on"}),
                        ("call_to_action", {"eyebrow": "", "heading": "", "text": "", "button_label": ""}),
                    ]
                ),
                "action-publish": "publish",
            }
        )
        self.assertCanCreate(self.home, LandingPage, data)
        page = BeautifulSoup(self.client.get("/florida/").content, "html.parser")
        assert page.h1.get_text() == "Ketamine therapy in Florida"
        assert "Florida (all 67 counties)" in page.select_one(".coverage__summary").get_text()
        assert page.select_one(".cta h2").get_text() == "Starting at $250/month"
