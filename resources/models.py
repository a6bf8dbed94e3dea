import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q, prefetch_related_objects
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailseo.models import SeoType, TwitterCard

from cms.permissions import site_team_members
from cms.site_owned import SiteOwned, SiteOwnedForm
from seo.pages import SeoPage

from .blocks import ArticleBodyBlock
from .feeds import ArticleFeed, AtomArticleFeed
from .review import MedicalReviewTask  # noqa: F401 (a model of this app, with its workflow code)

WORDS_PER_MINUTE = 200
ARTICLES_PER_PAGE = 12
RELATED_ARTICLES = 3


class PersonForm(SiteOwnedForm):
    """The admin account select lists the accounts of the user's own site teams, never an administrator
    (and the account already linked, which an administrator may have chosen)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields and "site" in self.fields:
            accounts = Q(pk__in=site_team_members(self.fields["site"].queryset).values("pk"))
            if self.instance.user_id:
                accounts |= Q(pk=self.instance.user_id)
            self.fields["user"].queryset = get_user_model().objects.filter(accounts).order_by("username")

    def clean(self):
        cleaned_data = super().clean()
        account, site = cleaned_data.get("user"), cleaned_data.get("site")
        relinked = {"user", "site"} & set(self.changed_data)
        if account and site and relinked and not site_team_members([site]).filter(pk=account.pk).exists():
            self.add_error("user", f"“{account}” is not in the team of {site.site_name or site.hostname}.")
        return cleaned_data


class Person(index.Indexed, SiteOwned):
    """An author or medical reviewer of one site, written once and credited on many of its articles."""

    name = models.CharField(max_length=120, help_text="Full name as readers see it, e.g. 'Dr. Maya Okafor'.")
    role = models.CharField(
        max_length=120,
        help_text="Role or credentials shown beside the name, e.g. 'Physician' or 'Board-certified psychiatrist'.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A square head-and-shoulders photo works best.",
    )
    bio = models.TextField(blank=True, max_length=600, help_text="Two or three sentences about their background.")
    profile_url = models.URLField(
        blank=True, verbose_name="profile link", help_text="Optional: a professional profile or practice page."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name="admin account",
        help_text="For a medical reviewer: their login. Approving a medical review with it names this person "
        "as the article's reviewer, with the date.",
    )

    base_form_class = PersonForm
    panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("profile_url"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.FilterField("site"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.name}, {self.role}"


class ResourceCategory(index.Indexed, SiteOwned):
    """A topic that groups one site's articles in its hub, e.g. 'Treatment basics'."""

    name = models.CharField(max_length=80, help_text="Short and plain, e.g. 'Treatment basics'.")
    slug = models.SlugField(
        max_length=80, help_text="Used in filter links, e.g. /resources/?category=treatment-basics."
    )
    description = models.TextField(blank=True, max_length=300, help_text="One sentence shown on the filtered list.")
    sort_order = models.PositiveIntegerField(
        default=0, verbose_name="order", help_text="Lower numbers come first in filters and menus."
    )

    base_form_class = SiteOwnedForm
    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("site")]

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="resources_category_name_per_site"),
            models.UniqueConstraint(fields=["site", "slug"], name="resources_category_slug_per_site"),
        ]
        verbose_name = "resource category"
        verbose_name_plural = "resource categories"

    def __str__(self):
        return self.name


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("resources.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


def requested_slug(request, name: str) -> str | None:
    """A filter parameter that can be a slug; anything else (control characters, NUL, huge) is no match."""
    value = request.GET.get(name, "")
    if not value:
        return None
    return value if len(value) <= 100 and value.isprintable() else "\N{REPLACEMENT CHARACTER}"


def listed_articles():
    """Live, public articles with everything a card shows, in a constant number of queries."""
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("category", "author", "featured_image")
        .prefetch_related("featured_image__renditions")
        .order_by("-first_published_at", "-pk")
    )


class FeaturedArticle(Orderable):
    hub = ParentalKey("resources.ResourcesIndexPage", on_delete=models.CASCADE, related_name="featured_articles")
    article = models.ForeignKey(
        "resources.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="An article of this hub; unpublished ones are not shown.",
    )

    panels = [FieldPanel("article")]


class ResourcesIndexPage(RoutablePageMixin, SeoPage):
    """The Resources hub: every article of one site, newest first, with filters and feeds."""

    introduction = models.TextField(
        blank=True, max_length=400, help_text="A sentence or two under the hub's title, saying what readers will find."
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        HelpPanel(
            content="The hub lists its published articles, newest first, with category and tag filters. "
            "Add an article with <strong>Add child page</strong> on this page."
        ),
        InlinePanel(
            "featured_articles",
            label="Pinned articles",
            max_num=3,
            help_text="Shown first, above the newest articles. Pin up to three.",
        ),
    ]

    canonical_query_parameters = ("category", "tag", "page")

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "resources hub"

    def articles(self):
        return listed_articles().child_of(self)

    def route(self, request, path_components):
        # An article, this hub's only kind of child (no route of the hub is one segment long): read it
        # with everything its page shows in one query, where Wagtail's routing would make several.
        if len(path_components) == 1:
            article = (
                ArticlePage.objects.child_of(self)
                .select_related("category", "author", "author__photo", "medical_reviewer", "featured_image")
                .filter(slug=path_components[0])
                .first()
            )
            if article is not None:
                article._cached_parent_obj = self  # as Wagtail's routing does: the hub is known
                return article.route(request, [])
        return super().route(request, path_components)

    @path("")
    def index_route(self, request):
        # One base queryset: public() costs a query each time it is built.
        all_articles = articles = self.articles()
        category = tag = None
        if slug := requested_slug(request, "category"):
            # This hub's site's category: its id from the site root paths Wagtail keeps, with no query.
            url_parts = self.get_url_parts(request)
            site_id = url_parts[0] if url_parts else None
            category = ResourceCategory.objects.filter(slug=slug, site_id=site_id).first()
            if category is None:
                return self.not_found(request, f"There is no category called “{slug}”.")
            articles = articles.filter(category=category)
        if slug := requested_slug(request, "tag"):
            tag = Tag.objects.filter(slug=slug).first()
            if tag is None:
                return self.not_found(request, f"There is no tag called “{slug}”.")
            articles = articles.filter(tagged_items__tag=tag)

        pinned = []
        if not (category or tag):
            pinned = [item.article for item in self.pinned_articles(all_articles)]
            articles = articles.exclude(pk__in=[article.pk for article in pinned])

        page_number = request.GET.get("page", "1")
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        # get_page() answers a number past the end, or not a number, with the
        # nearest real page: a visitor never sees an error for a stale link.
        article_page = paginator.get_page(page_number)
        show_pinned = article_page.number == 1
        context = self.get_context(request)
        context.update(
            {
                "articles": article_page,
                "page_number": article_page.number,
                "paginator": paginator,
                "pinned_articles": pinned if show_pinned else [],
                "active_category": category,
                "active_tag": tag,
                "categories": self.category_counts(all_articles),
                "tags": self.tag_counts(all_articles),
            }
        )
        response = TemplateResponse(request, self.get_template(request), context)
        if "page" in request.GET and page_number != str(article_page.number):
            # ?page=abc or ?page=999 show another page's articles under an address of their own: not
            # stored, or made-up numbers could fill the page cache (cms/page_cache.py).
            add_never_cache_headers(response)
        return response

    @path("feed/rss/", name="rss_feed")
    def rss_feed(self, request):
        return ArticleFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return AtomArticleFeed(self)(request)

    def not_found(self, request, message):
        context = self.get_context(request)
        context.update({"not_found_message": message, "categories": self.category_counts(self.articles()), "tags": []})
        return TemplateResponse(request, self.get_template(request), context, status=404)

    def pinned_articles(self, articles):
        # Primary keys, not the queryset: in a preview the pins are in memory (modelcluster), where
        # `__in` compares values; in the database it is the same subquery.
        pinned = self.featured_articles.filter(article__in=articles.values_list("pk", flat=True))
        return pinned.prefetch_related(models.Prefetch("article", queryset=articles))

    def category_counts(self, articles):
        return (
            ResourceCategory.objects.filter(articles__in=articles)
            .annotate(article_count=Count("articles", distinct=True))
            .order_by("sort_order", "name")
        )

    def tag_counts(self, articles):
        return (
            Tag.objects.filter(resources_articlepagetag_items__content_object__in=articles)
            .annotate(article_count=Count("resources_articlepagetag_items", distinct=True))
            .order_by("-article_count", "name")[:20]
        )


class ArticlePage(SeoPage):
    """One article in a Resources hub: written, reviewed and dated for readers who need to trust it."""

    summary = models.TextField(
        max_length=300,
        help_text=(
            "One or two plain sentences shown under the title, on cards and as the search engine description. "
            "About 155 characters reads best."
        ),
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the article and on cards. Landscape, at least 1600 pixels wide.",
    )
    featured_image_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="alt text",
        help_text="What the image shows, for people who cannot see it. Blank uses the image's own description.",
    )
    featured_image_is_decorative = models.BooleanField(
        default=False,
        verbose_name="image is decorative",
        help_text="Tick only if the image adds nothing to the text; screen readers will skip it.",
    )
    category = models.ForeignKey(
        ResourceCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The main topic; readers filter the hub by it.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, help_text="A few specific subjects.")
    author = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_articles",
        help_text="Who wrote it. Add people under Resources → People in the menu.",
    )
    medical_reviewer = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text="The clinician who checked the medical facts.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When the medical reviewer last checked the article. Articles never reviewed, or not within "
        "the clinic's review period (12 months unless changed), are listed on the dashboard.",
    )
    show_table_of_contents = models.BooleanField(
        default=True, help_text="List the article's sections (H2 headings) near the top."
    )
    body = StreamField(
        ArticleBodyBlock(),
        help_text="The article, section by section: start each section with a Heading so it appears in the "
        "table of contents.",
    )
    reading_time = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="Minutes, from the body's words at 200 a minute."
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    details_panels = [
        MultiFieldPanel(
            [
                FieldPanel("featured_image"),
                FieldPanel("featured_image_alt"),
                FieldPanel("featured_image_is_decorative"),
            ],
            heading="Featured image",
        ),
        MultiFieldPanel([FieldPanel("category"), FieldPanel("tags")], heading="Topic"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("medical_reviewer"), FieldPanel("last_reviewed")],
            heading="Authorship and medical review",
        ),
        FieldPanel("show_table_of_contents"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(details_panels, heading="Details"),
            ObjectList(SeoPage.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.FilterField("category"),
    ]

    seo_content_type = SeoType.ARTICLE
    seo_twitter_card = TwitterCard.LARGE

    parent_page_types = ["resources.ResourcesIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"

    @property
    def seo_author(self) -> str:
        return self.author.name if self.author else ""

    def full_clean(self, *args, **kwargs):
        self.reading_time = self.compute_reading_time()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.reading_time = self.compute_reading_time()
        super().save(*args, **kwargs)

    def compute_reading_time(self) -> int:
        # The same text Wagtail indexes for search, so the two never disagree.
        text = " ".join(self.body.stream_block.get_searchable_content(self.body))
        return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))

    @property
    def featured_image_alt_text(self) -> str:
        if self.featured_image_is_decorative or not self.featured_image:
            return ""
        return self.featured_image_alt or self.featured_image.description or self.featured_image.title

    @cached_property
    def hub(self):
        return self.get_parent().specific

    @cached_property
    def table_of_contents(self):
        return [block.value for block in self.body if block.block_type == "heading" and block.value["level"] == "h2"]

    @cached_property
    def tag_list(self) -> list:
        """The article's tags, read once a render: the tag links, the meta tags and related articles."""
        return list(self.tags.all())

    def related_articles(self):
        """The newest articles of this site that share the category or a tag: one query."""
        shares_topic = Q(pk__in=ArticlePageTag.objects.filter(tag__in=self.tag_list).values("content_object_id"))
        if self.category_id:
            shares_topic |= Q(category_id=self.category_id)
        # Their images' renditions are read with the article's own (get_context).
        related = listed_articles().prefetch_related(None).exclude(pk=self.pk).filter(shares_topic)
        if self.seo_site:
            related = related.descendant_of(self.seo_site.root_page)
        return list(related[:RELATED_ARTICLES])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = related = self.related_articles()
        # The renditions of every image the page shows, its own and its related articles', in one query.
        images = [self.featured_image, *(article.featured_image for article in related)]
        prefetch_related_objects([image for image in images if image], "renditions")
        return context

    @property
    def dates_differ(self) -> bool:
        published, updated = self.first_published_at, self.last_published_at
        return bool(published and updated and updated.date() != published.date())
