"""People and categories in the admin: lists the content team can search, filter and sort by use."""

import django_filters
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import NumberColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ArticlePage, Person, ResourceCategory

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


class PersonViewSet(SnippetViewSet):
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


class ResourceCategoryViewSet(SnippetViewSet):
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
    ]

    def get_queryset(self, request):
        return ResourceCategory.objects.annotate(article_count=article_count("category"))


class ResourcesGroup(SnippetViewSetGroup):
    menu_label = "Resources"
    menu_icon = "clipboard-list"
    menu_order = 200
    items = (PersonViewSet, ResourceCategoryViewSet)


register_snippet(ResourcesGroup)
