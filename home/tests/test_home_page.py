from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import HomePage


class HomePageTests(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_site_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_each_site_can_have_its_own_home_page(self):
        root = Page.get_first_root_node()
        self.assertCanCreateAt(Page, HomePage)
        root.add_child(instance=HomePage(title="First brand", slug="first-brand"))
        assert HomePage.can_create_at(root)

    def test_editor_can_create_a_home_page(self):
        root = Page.get_first_root_node()
        self.login()
        self.assertCanCreate(
            root,
            HomePage,
            nested_form_data(
                {
                    "title": "Second brand",
                    "slug": "second-brand",
                    "introduction": "Care at home.",
                    "body": streamfield([]),
                }
            ),
        )
        created = HomePage.objects.get(slug="second-brand")
        assert created.introduction == "Care at home."
