from wagtail import hooks

from .dashboard import editorial_panels


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels.extend(editorial_panels(request.user))
