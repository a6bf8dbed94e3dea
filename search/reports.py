"""Admin reports for the content team: what visitors search for, and what finds nothing."""

from django.urls import path
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from cms.permissions import sites_for
from cms.spreadsheets import FormulaSafeCsvMixin

from .models import UnansweredSearch


class PopularSearchesReportView(FormulaSafeCsvMixin, SearchTermsReportView):
    """Wagtail's search terms report, open to every editor rather than superusers only."""

    page_title = "Popular searches"
    index_url_name = "site_search_reports:popular"
    index_results_url_name = "site_search_reports:popular_results"

    def dispatch(self, request, *args, **kwargs):
        return ReportView.dispatch(self, request, *args, **kwargs)


class UnansweredSearchesReportView(FormulaSafeCsvMixin, ReportView):
    page_title = "Searches with no results"
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    default_ordering = "-searches"
    index_url_name = "site_search_reports:unanswered"
    index_results_url_name = "site_search_reports:unanswered_results"
    model = UnansweredSearch
    columns = [
        Column("query_string", label="Search", sort_key="query_string"),
        Column("site", label="Site"),
        NumberColumn("searches", label="Times searched", sort_key="searches"),
        DateColumn("last_searched_at", label="Last searched", sort_key="last_searched_at"),
    ]
    list_export = ["query_string", "site", "searches", "last_searched_at"]

    def get_base_queryset(self):
        # A site's team reads its own visitors' searches, never another site's.
        return UnansweredSearch.objects.filter(site__in=sites_for(self.request.user)).select_related("site")


app_name = "site_search_reports"
urlpatterns = [
    path("popular/", PopularSearchesReportView.as_view(), name="popular"),
    path("popular/results/", PopularSearchesReportView.as_view(results_only=True), name="popular_results"),
    path("no-results/", UnansweredSearchesReportView.as_view(), name="unanswered"),
    path("no-results/results/", UnansweredSearchesReportView.as_view(results_only=True), name="unanswered_results"),
]
