"""Forget searches older than SEARCH_HISTORY_DAYS: every new query a visitor or a bot types adds rows.

The worker's schedule runs it every hour (search.tasks, BACKGROUND_SCHEDULE); it is idempotent, so running it
more often, or from several places, does no harm.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import UnansweredSearch


class Command(BaseCommand):
    help = "Delete search report rows older than SEARCH_HISTORY_DAYS (popular and no-result searches)."

    def handle(self, *args, **options):
        days = settings.SEARCH_HISTORY_DAYS
        unanswered, _ = UnansweredSearch.objects.filter(
            last_searched_at__lt=timezone.now() - timedelta(days=days)
        ).delete()
        QueryDailyHits.garbage_collect(days=days)
        # Queries left with no daily hits, unless an editor promoted pages for them.
        Query.garbage_collect()
        self.stdout.write(
            f"Kept {days} days of searches: {unanswered} searches with no results forgotten, "
            f"{Query.objects.count()} popular search terms kept."
        )
