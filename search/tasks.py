import io

from django.core.management import call_command
from django_tasks import task


@task()
def prune_search_history():
    """Forget searches older than SEARCH_HISTORY_DAYS (on the worker's schedule)."""
    call_command("prune_search_history", stdout=io.StringIO())
