"""The project's own background tasks. Each is idempotent: running one twice does no harm."""

import io
import logging

from django.conf import settings
from django.core.management import call_command
from django_tasks import task

from . import mail

logger = logging.getLogger(__name__)


@task()
def publish_scheduled_pages():
    """Publish the revisions whose go-live time has passed, unpublish pages whose expiry has passed."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    if text := output.getvalue().strip():
        logger.info("publish_scheduled: %s", text)


@task()
def prune_finished_tasks():
    """Forget finished tasks: successful ones after TASK_RESULTS_KEEP_DAYS, failed ones after three times that."""
    days = settings.TASK_RESULTS_KEEP_DAYS
    call_command("prune_db_task_results", min_age_days=days, failed_min_age_days=days * 3, stdout=io.StringIO())


@task()
def deliver_email(message: dict):
    """Send one e-mail queued by ``mail.QueuedEmailBackend`` through the real backend; a failure is retried."""
    mail.deliver(message)


@task()
def prepare_page(page_id: int):
    """Render a published page once, so the image renditions it shows exist before a visitor asks."""
    from .renditions import render_page_and_its_listings

    render_page_and_its_listings(page_id)
