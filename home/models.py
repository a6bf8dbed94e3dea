from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The root page of one site: the first thing a visitor sees."""

    introduction = models.TextField(
        blank=True,
        max_length=300,
        help_text="One or two sentences under the page title that say what the clinic offers and to whom.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["resources.ResourcesIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "home page"
