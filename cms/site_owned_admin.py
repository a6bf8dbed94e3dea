"""The admin of site-owned rows (``cms.site_owned``): snippet views, chooser and bulk delete.

The listing and the chooser leave out other sites' rows, and every view of one row refuses (403, the
admin's redirect to the dashboard for a page load) a row of a site the user does not work on.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils.functional import classproperty
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as snippet_views

from .permissions import sites_for
from .site_owned import SiteOwned, own_site_ids


def own_sites_only(view_class):
    """``view_class``, refusing (403) an object whose ``site_id`` is not one of the user's sites."""

    class OwnSitesOnly(view_class):
        def get_object(self, *args, **kwargs):
            found = super().get_object(*args, **kwargs)
            if found.site_id not in own_site_ids(self.request.user):
                raise PermissionDenied
            return found

    OwnSitesOnly.__name__ = OwnSitesOnly.__qualname__ = f"OwnSitesOnly{view_class.__name__}"
    return OwnSitesOnly


class SiteOwnedPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, for the rows of the user's own sites only: the edit view's delete button,
    the listing's buttons and the copy view ask this."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return instance.site_id in own_site_ids(user) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return super().instances_user_has_any_permission_for(user, actions).filter(site__in=sites_for(user))


class SiteColumn(Column):
    def __init__(self):
        super().__init__("site", label="Site", accessor=site_label, sort_key="site__site_name")


def site_label(row) -> str:
    return row.site.site_name or row.site.hostname


class OwnSitesIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(site__in=sites_for(self.request.user)).select_related("site")


class OwnSitesChooseMixin:
    def get_object_list(self):
        return super().get_object_list().filter(site__in=sites_for(self.request.user)).select_related("site")

    @property
    def columns(self):
        return [*super().columns, SiteColumn()]


class OwnSitesChooseView(OwnSitesChooseMixin, chooser.ChooseView):
    pass


class OwnSitesChooseResultsView(OwnSitesChooseMixin, chooser.ChooseResultsView):
    pass


class OwnSitesChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        found = super().get_object(pk)
        if found.site_id not in own_site_ids(self.request.user):
            raise ObjectDoesNotExist
        return found


class OwnSitesChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = OwnSitesChooseView
    choose_results_view_class = OwnSitesChooseResultsView
    chosen_view_class = OwnSitesChosenView


class SiteOwnedSnippetViewSet(snippet_views.SnippetViewSet):
    """Listing, chooser and every view of one row limited to the user's own sites."""

    index_view_class = OwnSitesIndexView
    edit_view_class = own_sites_only(snippet_views.EditView)
    copy_view_class = own_sites_only(snippet_views.CopyView)
    delete_view_class = own_sites_only(snippet_views.DeleteView)
    usage_view_class = own_sites_only(snippet_views.UsageView)
    history_view_class = own_sites_only(snippet_views.HistoryView)
    inspect_view_class = own_sites_only(snippet_views.InspectView)
    chooser_viewset_class = OwnSitesChooserViewSet

    @property
    def permission_policy(self):
        return SiteOwnedPermissionPolicy(self.model)


class SiteOwnedDeleteBulkAction(DeleteBulkAction):
    """The listing's "Delete selected": another site's rows are listed as not allowed, and kept."""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if issubclass(model, SiteOwned)]

    def check_perm(self, snippet):
        return super().check_perm(snippet) and snippet.site_id in own_site_ids(self.request.user)
