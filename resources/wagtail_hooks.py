"""People and categories in the admin: lists the content team can search, filter and sort by use.

Each belongs to one site, and a team sees, chooses and changes its own site's only (``cms.site_owned_admin``).
"""

import django_filters
from django.contrib import messages
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.action_menu import PublishMenuItem
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import NumberColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.site_owned_admin import SiteColumn, SiteOwnedSnippetViewSet

from .models import ArticlePage, Person, ResourceCategory
from .review import lacks_review, publishes_only_through_review, under_medical_review

YES_NO = [("yes", "Yes"), ("no", "No")]


def article_count(field: str):
    """How many articles (drafts included) point at the row through ``field``: one subquery, any list length."""
    articles = (
        ArticlePage.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(count=Count("pk"))
    )
    return Coalesce(Subquery(articles.values("count"), output_field=IntegerField()), 0)


def has_articles(field: str):
    return Exists(ArticlePage.objects.filter(**{field: OuterRef("pk")}))


class PersonFilterSet(WagtailFilterSet):
    credited_as = django_filters.ChoiceFilter(
        label="Credited as",
        choices=[("author", "Author"), ("reviewer", "Medical reviewer"), ("none", "Not credited on any article")],
        empty_label="Anyone",
        method="filter_credited_as",
    )

    class Meta:
        model = Person
        fields = []

    def filter_credited_as(self, queryset, name, value):
        if value == "author":
            return queryset.filter(has_articles("author"))
        if value == "reviewer":
            return queryset.filter(has_articles("medical_reviewer"))
        if value == "none":
            return queryset.exclude(has_articles("author")).exclude(has_articles("medical_reviewer"))
        return queryset


class PersonViewSet(SiteOwnedSnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    search_fields = ["name", "role"]
    # Plain "contains" matching: a short list, where typing part of a name should find it (and the
    # search index cannot count articles alongside).
    search_backend_name = None
    filterset_class = PersonFilterSet
    list_display = [
        "name",
        "role",
        NumberColumn("articles_written", label="Articles written", sort_key="articles_written"),
        NumberColumn("articles_reviewed", label="Articles reviewed", sort_key="articles_reviewed"),
        SiteColumn(),
    ]

    def get_queryset(self, request):
        return Person.objects.annotate(
            articles_written=article_count("author"), articles_reviewed=article_count("medical_reviewer")
        )


class ResourceCategoryFilterSet(WagtailFilterSet):
    in_use = django_filters.ChoiceFilter(
        label="Has articles", choices=YES_NO, empty_label="Any", method="filter_in_use"
    )

    class Meta:
        model = ResourceCategory
        fields = []

    def filter_in_use(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(has_articles("category"))
        if value == "no":
            return queryset.exclude(has_articles("category"))
        return queryset


class ResourceCategoryViewSet(SiteOwnedSnippetViewSet):
    model = ResourceCategory
    icon = "tag"
    menu_label = "Categories"
    search_fields = ["name", "description"]
    search_backend_name = None
    filterset_class = ResourceCategoryFilterSet
    list_display = [
        "name",
        NumberColumn("article_count", label="Articles", sort_key="article_count"),
        "sort_order",
        SiteColumn(),
    ]

    def get_queryset(self, request):
        return ResourceCategory.objects.annotate(article_count=article_count("category"))


class ResourcesGroup(SnippetViewSetGroup):
    menu_label = "Resources"
    menu_icon = "clipboard-list"
    menu_order = 200
    items = (PersonViewSet, ResourceCategoryViewSet)


register_snippet(ResourcesGroup)


# Medical review (resources/review.py): for everyone but administrators, an article of a hub goes live only
# through the workflow's approval, which credits the reviewer. Plain Publish is neither offered nor honoured:
# the edit view saves the draft, then asks "before_publish_page" whether to go on; creating saves a draft.
NOT_PUBLISHED = (
    "“{title}” was not published: an article of a hub goes live only when a medical reviewer approves it "
    "in the Medical review, which names them in its byline. Your changes are saved as a draft."
)


class PublishWithoutReviewMenuItem(PublishMenuItem):
    label = "Publish without medical review"


@hooks.register("construct_page_action_menu")
def publish_articles_through_medical_review(menu_items, request, context):
    page = context.get("page")  # None while creating a page: its parent's workflow is the one it follows
    if not under_medical_review(page or context["parent_page"]):
        return
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != PublishMenuItem.name]
    elif page is None or lacks_review(page):
        # Wagtail's items are shared by every request: replace the administrator's, never relabel it.
        menu_items[:] = [
            PublishWithoutReviewMenuItem(order=item.order) if item.name == PublishMenuItem.name else item
            for item in menu_items
        ]


@hooks.register("before_create_page")
def create_as_draft_without_medical_review(request, parent_page, page_class):
    # Refused here, not in before_publish_page: the create view has already saved the new page as live by then.
    if "action-publish" in request.POST and publishes_only_through_review(request.user, parent_page):
        request.POST = request.POST.copy()
        del request.POST["action-publish"]  # the view then saves a draft, as for an editor
        messages.error(request, NOT_PUBLISHED.format(title=request.POST.get("title", "The page")))


@hooks.register("before_publish_page")
def refuse_publish_without_medical_review(request, page):
    if publishes_only_through_review(request.user, page):
        messages.error(request, NOT_PUBLISHED.format(title=page.get_admin_display_title()))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish_without_medical_review(request, action_type, objects, action):
    if action_type != "publish":
        return None
    for page in objects:
        if publishes_only_through_review(request.user, page):
            messages.error(request, NOT_PUBLISHED.format(title=page.get_admin_display_title()))
            return redirect(action.next_url)
    return None
