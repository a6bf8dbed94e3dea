from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from resources.blocks import ArticleBodyBlock
from seo.pages import SeoPage


class HomePage(SeoPage):
    """The root page of one site: the first thing a visitor sees."""

    introduction = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences under the page title that say what the clinic offers and to whom.",
    )
    body = StreamField(
        ArticleBodyBlock(),
        blank=True,
        help_text="Sections below the introduction: how it works, pricing, coverage, a call to action.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["resources.ResourcesIndexPage", "home.LandingPage"]

    class Meta:
        verbose_name = "home page"


class LandingPage(SeoPage):
    """A page built from sections: pricing, how it works, or one page per state served."""

    introduction = models.TextField(
        blank=True, max_length=300, help_text="One or two sentences under the title, in the page's hero."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Decorative: it sits behind nothing and needs no alt text.",
    )
    body = StreamField(ArticleBodyBlock(), help_text="The page's sections, in order.")

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("hero_image"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.LandingPage"]
    subpage_types = ["home.LandingPage"]

    class Meta:
        verbose_name = "landing page"
