from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import reports


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/search/", include(reports, namespace="site_search_reports"))]


@hooks.register("register_reports_menu_item")
def popular_searches_menu_item():
    return MenuItem("Popular searches", reverse("site_search_reports:popular"), icon_name="search", order=1310)


@hooks.register("register_reports_menu_item")
def unanswered_searches_menu_item():
    return MenuItem(
        "Searches with no results", reverse("site_search_reports:unanswered"), icon_name="search", order=1320
    )
