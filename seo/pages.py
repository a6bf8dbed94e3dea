"""The SEO base every page type shares: wagtail-seo's fields, our fallbacks, a noindex switch."""

from django.db import models
from django.db.models.signals import class_prepared
from django.dispatch import receiver
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtailseo.models import SeoMixin, SeoSettings
from wagtailseo.utils import ensure_absolute_url, get_absolute_media_url

from cms import site_settings
from cms.images import renderable
from cms.site_owned import SiteOwnedReferencesPageForm

from .structured_data import rendition_url

TITLE_HELP = "Shown in search results and browser tabs. About 60 characters; blank uses the page title."
DESCRIPTION_HELP = (
    "Shown under the title in search results. About 155 characters; blank uses the page's summary or introduction."
)


@receiver(class_prepared)
def join_the_page_table_once(sender, **kwargs):
    """Make each page type's link to ``Page`` its own ``page_ptr`` field.

    wagtail-seo's SeoMixin is an abstract model that inherits from Page, so Django records SeoMixin's
    ``page_ptr`` as the parent link of every page type below it, a different field object from the
    page type's own ``page_ptr``. Every query of a page type then joined wagtailcore_page twice: once
    for filters on Page's fields (live, path, slug) and once for the columns it reads. PostgreSQL took
    about 2 ms more to plan an article listing with the second join than the query took to run.
    """
    if issubclass(sender, SeoPage) and not sender._meta.abstract:
        own_link = next(field for field in sender._meta.local_fields if field.name == "page_ptr")
        sender._meta.parents[Page] = own_link


class SeoPage(SeoMixin, Page):
    """Title → SEO title → page title; description → search description → summary; image → preview → own image."""

    noindex = models.BooleanField(
        default=False,
        verbose_name="hide from search engines",
        help_text="Adds 'noindex' and leaves the page out of the sitemap, e.g. for a campaign-only page.",
    )

    # People, categories and saved calls to action of the page's own site only.
    base_form_class = SiteOwnedReferencesPageForm

    # Text and image attributes tried in order, after wagtail-seo's own fields.
    seo_description_sources = ["search_description", "summary", "introduction"]
    seo_image_sources = ["og_image", "featured_image", "hero_image"]
    # Query parameters that make a different page of content: they stay in the canonical URL, and
    # the page cache stores a page for each of their values (any other parameter is never stored).
    canonical_query_parameters: tuple[str, ...] = ()

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title", help_text=TITLE_HELP),
                FieldPanel("search_description", help_text=DESCRIPTION_HELP),
                FieldPanel("og_image", help_text="Shown when the page is shared. Blank uses the page's own image."),
                FieldPanel(
                    "canonical_url",
                    help_text="Only when this content's main copy lives at another address; usually blank.",
                ),
                FieldPanel("noindex"),
            ],
            heading="Search and social previews",
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="Navigation"),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        # The site Wagtail routed this request through, its root page included: usually the page's own.
        self._request_site = Site.find_for_request(request)
        return super().get_context(request, *args, **kwargs)

    # wagtail-seo asks for the page's site many times a render: look it up once, and only when the
    # page belongs to another site than the one serving it (Page.get_site() always runs a query).
    @cached_property
    def seo_site(self):
        url_parts = self.get_url_parts()
        if url_parts is None:
            return None
        site = getattr(self, "_request_site", None)
        return site if site is not None and site.pk == url_parts[0] else Site.objects.get(pk=url_parts[0])

    @cached_property
    def ancestors(self) -> list[Page]:
        """The pages above this one, the tree's root included: read once for view restrictions and breadcrumbs."""
        return list(self.get_ancestors())

    @cached_property
    def breadcrumb_ancestors(self) -> list[Page]:
        """The pages above this one, from the site's home page, for the breadcrumb and its JSON-LD."""
        return [ancestor for ancestor in self.ancestors if ancestor.depth > 1]

    def get_view_restrictions(self):
        # As Wagtail's (an alias has its source page's restrictions), from the ancestors the breadcrumb
        # reads anyway: Wagtail's reads them again.
        page_ids = set()

        def add(page):
            if page.alias_of_id:
                add(page.alias_of)
            else:
                page_ids.add(page.pk)

        for page in (self, *self.ancestors):
            add(page)
        return PageViewRestriction.objects.filter(page_id__in=page_ids)

    @cached_property
    def seo_org_fields(self):
        return site_settings.for_site(SeoSettings, self.seo_site)

    @property
    def seo_sitename(self) -> str:
        return self.seo_site.site_name if self.seo_site else ""

    @cached_property
    def seo_image(self):
        for attribute in self.seo_image_sources:
            image = getattr(self, attribute, None)
            if isinstance(image, AbstractImage):
                return image
        return self.seo_org_fields.og_image_default if self.seo_site else None

    @cached_property
    def seo_image_url(self) -> str:
        image = renderable(self.seo_image)
        if not image:
            return ""
        # 1200 × 630 is the size social networks show without cropping.
        url = rendition_url(image, "fill-1200x630|format-jpeg")
        return ensure_absolute_url(url, get_absolute_media_url(self.seo_site))

    def get_sitemap_urls(self, request=None):
        return [] if self.noindex else super().get_sitemap_urls(request)
