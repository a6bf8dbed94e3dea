"""Subscribers in the admin: a list editors can filter, search and download, never add to.

A ModelViewSet rather than a SnippetViewSet: subscribers are records of consent, not reusable
content, so they need no drafts, revisions, previews or snippet chooser, and get a menu item of
their own instead of a place under Snippets.
"""

import django_filters
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Subscriber

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """Stop a spreadsheet from running an address such as ``=HYPERLINK(…)@x.org`` as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class NoAddingPermissionPolicy(ModelPermissionPolicy):
    """Nobody, superusers included, types subscribers in: consent comes only from the signup form."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])


class SubscriberFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.order_by("hostname"), label="Site")
    unsubscribed = django_filters.BooleanFilter(
        field_name="unsubscribed_at", lookup_expr="isnull", exclude=True, label="Unsubscribed"
    )

    class Meta:
        model = Subscriber
        fields = ["site", "unsubscribed"]


class SubscriberIndexView(IndexView):
    custom_field_preprocess = {
        "site": {IndexView.FORMAT_CSV: lambda site: site.hostname, IndexView.FORMAT_XLSX: lambda site: site.hostname},
        "email": {IndexView.FORMAT_CSV: csv_safe},
        "consent_text": {IndexView.FORMAT_CSV: csv_safe},
        "source_url": {IndexView.FORMAT_CSV: csv_safe},
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("site", "source_page")


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = "subscribers"
    icon = "mail"
    menu_label = "Subscribers"
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    copy_view_enabled = False
    inspect_view_enabled = True

    list_display = ["email", "site", "consented_at", "source_page", "status"]
    filterset_class = SubscriberFilterSet
    search_fields = ["email"]
    list_export = ["email", "site", "consented_at", "consent_text", "source_url", "unsubscribed_at"]
    export_filename = "newsletter-subscribers"
    # Editing only records an unsubscribe asked for by phone or e-mail; what
    # someone agreed to, and when, is read-only (see the inspect view).
    form_fields = ["unsubscribed_at"]

    @property
    def permission_policy(self):
        return NoAddingPermissionPolicy(self.model)

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().exclude(codename="add_subscriber")


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet()
