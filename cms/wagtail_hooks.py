from wagtail import hooks

from .dashboard import editorial_panels
from .site_owned_admin import SiteOwnedDeleteBulkAction


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels.extend(editorial_panels(request.user))


# After Wagtail's own "Delete selected" for snippets, which it replaces for the site-owned ones.
hooks.register("register_bulk_action", SiteOwnedDeleteBulkAction, order=1)
