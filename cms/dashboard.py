"""The admin dashboard's editorial panels: what the content team should look at next.

- **Medical review due**: articles never reviewed, or last reviewed more than
  ``settings.MEDICAL_REVIEW_MONTHS`` months ago, most overdue first.
- **Recent drafts**: pages with changes not yet published, newest first.
- **Newest subscribers**: the latest sign-ups of each site, with each site's total.

Each panel shows only what its reader may act on: pages they can edit (Wagtail's page
permissions, so per-site editor groups narrow it by themselves) and the subscribers of the sites
they work on (``cms.permissions.sites_for``), if they may see subscribers at all. Each runs a fixed
number of queries however many rows there are.
"""

import calendar
import datetime

from django.conf import settings
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import page_permission_policy

from newsletter.models import Subscriber
from resources.models import ArticlePage

from .permissions import sites_for

REVIEWS_SHOWN = 10
DRAFTS_SHOWN = 8
SUBSCRIBERS_SHOWN_PER_SITE = 5


def editable_pages(user):
    """Pages ``user`` may edit, as a queryset usable in a subquery."""
    return page_permission_policy.instances_user_has_permission_for(user, "change")


def site_label(site) -> str:
    return site.site_name or site.hostname


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class UserSites:
    """The sites a user works on, by name, and which of them each page belongs to (read once for all panels)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def sites(self) -> list:
        return sorted(sites_for(self.user), key=lambda site: site_label(site).lower())

    @cached_property
    def deepest_first(self) -> list:
        return sorted(self.sites, key=lambda site: len(site.root_page.path), reverse=True)

    def of(self, page) -> str:
        for site in self.deepest_first:
            if page.path.startswith(site.root_page.path):
                return site_label(site)
        return ""


class DashboardPanel(Component):
    def __init__(self, user_sites: UserSites):
        self.user_sites = user_sites

    def get_context_data(self, parent_context):
        return {"request": parent_context["request"]}


class MedicalReviewPanel(DashboardPanel):
    name = "medical_review_due"
    template_name = "cms/dashboard/medical_review.html"
    order = 140

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = context["request"].user
        months = settings.MEDICAL_REVIEW_MONTHS
        cutoff = months_before(timezone.localdate(), months)
        due = ArticlePage.objects.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
        if not user.is_superuser:
            due = due.filter(pk__in=editable_pages(user))
        most_overdue = due.select_related("medical_reviewer").order_by(
            F("last_reviewed").asc(nulls_first=True), "title", "pk"
        )
        articles = list(most_overdue[:REVIEWS_SHOWN])
        total = due.count()
        for article in articles:
            article.site_name = self.user_sites.of(article)
        heading = f"Medical review due ({total})" if total else "Medical review due"
        context.update({"articles": articles, "total": total, "months": months, "cutoff": cutoff, "heading": heading})
        return context


class RecentDraftsPanel(DashboardPanel):
    name = "recent_drafts"
    template_name = "cms/dashboard/recent_drafts.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = context["request"].user
        drafts = Page.objects.filter(has_unpublished_changes=True)
        if not user.is_superuser:
            drafts = drafts.filter(pk__in=editable_pages(user))
        pages = list(
            drafts.select_related("latest_revision__user").order_by(
                F("latest_revision_created_at").desc(nulls_last=True), "-pk"
            )[:DRAFTS_SHOWN]
        )
        for page in pages:
            page.site_name = self.user_sites.of(page)
            # The page type's name, from Django's content type cache (no query per row).
            page.type_name = page.specific_class._meta.verbose_name if page.specific_class else ""
        context["pages"] = pages
        return context


class NewestSubscribersPanel(DashboardPanel):
    name = "newest_subscribers"
    template_name = "cms/dashboard/newest_subscribers.html"
    order = 160

    def render_html(self, parent_context=None):
        user = parent_context["request"].user
        if not ModelPermissionPolicy(Subscriber).user_has_any_permission(user, ["view", "change", "delete"]):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        sites = self.user_sites.sites
        subscribed = Subscriber.objects.filter(site__in=[site.pk for site in sites], unsubscribed_at__isnull=True)
        totals = dict(subscribed.order_by().values_list("site").annotate(count=Count("pk")))
        newest = (
            subscribed.annotate(
                rank=Window(
                    RowNumber(), partition_by=F("site_id"), order_by=[F("consented_at").desc(), F("pk").desc()]
                )
            )
            .filter(rank__lte=SUBSCRIBERS_SHOWN_PER_SITE)
            .order_by("site_id", "rank")
        )
        by_site = {}
        for subscriber in newest:
            by_site.setdefault(subscriber.site_id, []).append(subscriber)
        context["sites"] = [
            {
                "site": site,
                "name": site_label(site),
                "total": totals.get(site.pk, 0),
                "subscribers": by_site.get(site.pk, []),
            }
            for site in sites
        ]
        return context


def editorial_panels(user) -> list[Component]:
    user_sites = UserSites(user)
    return [MedicalReviewPanel(user_sites), RecentDraftsPanel(user_sites), NewestSubscribersPanel(user_sites)]
