from django.db.models import Q
from wagtail import hooks

from .dashboard import editorial_panels
from .permissions import sites_for
from .site_owned_admin import SiteOwnedDeleteBulkAction


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels.extend(editorial_panels(request.user))


# After Wagtail's own "Delete selected" for snippets, which it replaces for the site-owned ones.
hooks.register("register_bulk_action", SiteOwnedDeleteBulkAction, order=1)


@hooks.register("construct_page_chooser_queryset")
def pages_of_the_users_own_sites(pages, request):
    """The page chooser browses and searches the user's own sites' pages only: Wagtail lists every
    page there, other sites' drafts with their titles and status included."""
    if request.user.is_superuser:
        return pages
    inside = Q(pk__in=[])
    for site in sites_for(request.user):
        inside |= Q(path__startswith=site.root_page.path)
    return pages.filter(inside)
