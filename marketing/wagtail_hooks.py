"""Saved calls to action in the admin: searchable, filterable, and showing where each is used.

Each belongs to one site, and a team sees, chooses and changes its own site's only (``cms.site_owned_admin``).
"""

import django_filters
from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import UsageCountColumn
from wagtail.models import ReferenceIndex
from wagtail.snippets.models import register_snippet

from cms.site_owned_admin import SiteColumn, SiteOwnedSnippetViewSet

from .models import ReusableCallToAction


class UsedOnColumn(UsageCountColumn):
    """'Used N times', linking to the list of pages that show the call to action."""

    def __init__(self, *args, usage_url_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.usage_url_name = usage_url_name

    def get_cell_context_data(self, instance, parent_context):
        instance.usage_url = reverse(self.usage_url_name, args=[quote(instance.pk)])
        return super().get_cell_context_data(instance, parent_context)


class ReusableCallToActionFilterSet(WagtailFilterSet):
    in_use = django_filters.ChoiceFilter(
        label="Used on a page",
        choices=[("yes", "Yes"), ("no", "No")],
        empty_label="Any",
        method="filter_in_use",
    )

    class Meta:
        model = ReusableCallToAction
        fields = []

    def filter_in_use(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(usage_count__gt=0)
        if value == "no":
            return queryset.filter(usage_count=0)
        return queryset


class ReusableCallToActionViewSet(SiteOwnedSnippetViewSet):
    model = ReusableCallToAction
    icon = "pick"
    menu_label = "Calls to action"
    add_to_admin_menu = True
    menu_order = 210
    search_fields = ["name", "heading", "button_label"]
    # Plain "contains" matching over a short list (the search index cannot count usage alongside).
    search_backend_name = None
    filterset_class = ReusableCallToActionFilterSet

    @property
    def list_display(self):
        return [
            "name",
            "heading",
            "button_label",
            UsedOnColumn(
                "usage_count", label="Used", sort_key="usage_count", usage_url_name=self.get_url_name("usage")
            ),
            SiteColumn(),
        ]

    def get_queryset(self, request):
        return ReusableCallToAction.objects.annotate(usage_count=ReferenceIndex.usage_count_subquery(self.model))


register_snippet(ReusableCallToActionViewSet)
