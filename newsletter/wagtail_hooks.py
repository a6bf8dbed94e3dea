"""Subscribers in the admin: a list editors can filter, search and download, never add to.

A ModelViewSet rather than a SnippetViewSet: subscribers are records of consent, not reusable
content, so they need no drafts, revisions, previews or snippet chooser, and get a menu item of
their own instead of a place under Snippets.

Each user sees and edits only the subscribers of the sites they work on (``cms.permissions.sites_for``):
a site manager of one site never reads another site's list.
"""

import django_filters
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic import IndexView, history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from cms.permissions import sites_for
from cms.site_owned_admin import own_sites_only
from cms.spreadsheets import FormulaSafeCsvMixin

from .models import Subscriber


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
    consented_at = django_filters.DateFromToRangeFilter(label="Signed up", widget=DateRangePickerWidget)

    class Meta:
        model = Subscriber
        fields = ["site", "unsubscribed", "consented_at"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            own = [site.pk for site in sites_for(request.user)]
            self.filters["site"].queryset = self.filters["site"].queryset.filter(pk__in=own)


class SubscriberIndexView(FormulaSafeCsvMixin, IndexView):
    custom_field_preprocess = {
        "site": {IndexView.FORMAT_CSV: lambda site: site.hostname, IndexView.FORMAT_XLSX: lambda site: site.hostname},
    }

    def get_base_queryset(self):
        own = sites_for(self.request.user)
        return super().get_base_queryset().filter(site__in=own).select_related("site", "source_page")


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = "subscribers"
    icon = "mail"
    menu_label = "Subscribers"
    menu_order = 450  # after Images and Documents: records, not content
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    edit_view_class = own_sites_only(generic.EditView)
    delete_view_class = own_sites_only(generic.DeleteView)
    inspect_view_class = own_sites_only(generic.InspectView)
    history_view_class = own_sites_only(history.HistoryView)
    usage_view_class = own_sites_only(usage.UsageView)
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
