"""An editor builds a hub and an article with every block in the admin, previews and publishes."""

from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from resources.models import ArticlePage, ResourcesIndexPage
from resources.tests.builders import make_category, make_image, make_person, make_site


def every_block(image_pk):
    return streamfield(
        [
            ("heading", {"text": "How it works", "level": "h2", "anchor": ""}),
            ("paragraph", rich_text("<p>Low-dose sessions at home.</p>")),
            ("quote", {"quote": "It felt calm.", "attribution": "A patient"}),
            ("callout", {"style": "takeaway", "title": "", "text": rich_text("<p>Screening comes first.</p>")}),
            (
                "image",
                {"image": {"image": image_pk, "decorative": "", "alt_text": "A calm room"}, "caption": "Quiet."},
            ),
            ("embed", "https://www.youtube.com/watch?v=abc"),
            (
                "table",
                '{"data": [["Week", "Sessions"], ["1", "2"]], "first_row_is_table_header": true,'
                ' "first_col_is_header": false, "table_header_choice": "row", "table_caption": "Schedule"}',
            ),
            (
                "faq",
                {
                    "title": "Questions",
                    "items": streamfield([("item", {"question": "Safe?", "answer": rich_text("<p>Yes.</p>")})]),
                },
            ),
            (
                "references",
                {
                    "items": streamfield(
                        [("item", {"title": "A review", "publication": "", "year": "2024", "url": ""})]
                    )
                },
            ),
        ]
    )


@override_settings(WAGTAILEMBEDS_FINDERS=[{"class": "resources.tests.test_article_page.FakeVideoFinder"}])
class EditorBuildsResources(WagtailPageTestCase):
    def setUp(self):
        self.site, self.home, self.hub = make_site()
        self.user = self.login()

    def test_editor_creates_a_hub_under_the_home_page(self):
        self.hub.delete()
        self.assertCanCreate(
            self.home,
            ResourcesIndexPage,
            nested_form_data(
                {
                    "title": "Guides",
                    "slug": "guides",
                    "introduction": "Plain-language guides.",
                    "featured_articles": inline_formset([]),
                }
            ),
        )

    def test_editor_creates_and_publishes_an_article_with_every_block(self):
        image = make_image()
        data = nested_form_data(
            {
                "title": "What to expect",
                "slug": "what-to-expect",
                "summary": "A first session, step by step.",
                "body": every_block(image.pk),
                "category": make_category().pk,
                "tags": "first steps, safety",
                "author": make_person().pk,
                "show_table_of_contents": "on",
                "action-publish": "publish",
            }
        )
        self.assertCanCreate(self.hub, ArticlePage, data)
        article = ArticlePage.objects.get(slug="what-to-expect")
        assert article.live
        assert [block.block_type for block in article.body] == [
            "heading", "paragraph", "quote", "callout", "image", "embed", "table", "faq", "references",
        ]  # fmt: skip
        assert sorted(tag.name for tag in article.tags.all()) == ["first steps", "safety"]

        preview = self.client.post(reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk]), data)
        assert preview.status_code == 200
        assert preview.json()["is_valid"]

    def test_article_cannot_be_added_outside_a_hub(self):
        response = self.client.get(reverse("wagtailadmin_pages:add", args=["resources", "articlepage", self.home.pk]))
        assert response.status_code == 302  # Wagtail refuses and sends the editor back with a message
        assert response["Location"] == reverse("wagtailadmin_home")
        assert not Page.objects.type(ArticlePage).exists()
