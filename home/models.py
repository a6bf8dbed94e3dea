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
    # Filled in by the Resources issue (the hub lives under a home page).
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "home page"
