"""An administrator schedules an article to go live one to two minutes ahead in the admin, and the task worker
publishes it on time with nobody doing anything more (background/tests/test_make_run.py: the same under `make run`)."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Site

from resources.models import ArticlePage

from .journal import DESKTOP_DEVICE
from .test_journeys import demo, sign_in  # noqa: F401 (demo is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def run_worker(settings):
    """The worker on the database queue, with the scheduled publishing job every ten seconds instead of every
    minute. It runs in the test's own thread between the browser's requests: SQLite's shared in-memory test
    database refuses two threads writing at once (a real worker is a process of its own)."""
    settings.TASKS = {"default": {"BACKEND": "background.backend.QueueBackend"}}
    settings.BACKGROUND_SCHEDULE = {
        "publish-scheduled-pages": {"task": "background.tasks.publish_scheduled_pages", "every": 10}
    }
    return lambda: call_command("worker", "--batch", stdout=io.StringIO())


def test_an_article_scheduled_ahead_in_the_admin_goes_live_on_time(demo, run_worker, journal):  # noqa: F811
    site = Site.objects.get(is_default_site=True)
    article = ArticlePage.objects.live().descendant_of(site.root_page).filter(medical_reviewer__isnull=False).first()
    article.unpublish()
    article_url = demo + article.relative_url(site)
    # The admin takes whole minutes: one to two minutes ahead, so it is still ahead when the editor clicks
    # "Schedule to publish" on a slow machine (a past go-live time publishes at once).
    go_live = (timezone.localtime() + timedelta(minutes=2)).replace(second=0, microsecond=0)

    admin = journal.new_page("admin", **DESKTOP_DEVICE)
    sign_in(admin, demo, "admin")
    admin.goto(f"{demo}/admin/pages/{article.pk}/edit/")
    set_schedule = admin.get_by_role("button", name="Set schedule")
    if not set_schedule.is_visible():  # the status side panel is closed on narrower screens
        admin.get_by_role("button", name="Status").click()
    set_schedule.click()
    dialog = admin.locator("#schedule-publishing-dialog")
    dialog.get_by_label("Go live date/time").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    journal.step(admin, "schedule dialog, date picker open")
    # The date picker is still open below the field: the button must be reachable all the same.
    dialog.get_by_role("button", name="Save schedule").click()
    expect(dialog).to_be_hidden()
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Schedule to publish").click()
    expect(admin.get_by_text("scheduled for publishing")).to_be_visible()
    journal.step(admin, "scheduled")
    assert journal.new_page("visitor", **DESKTOP_DEVICE).goto(article_url).status == 404

    deadline = time.monotonic() + 180
    visitor = journal.new_page("later", **DESKTOP_DEVICE)
    while (status := visitor.goto(article_url).status) != 200 and time.monotonic() < deadline:
        time.sleep(2)
        run_worker()

    assert status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text(article.title)
    article.refresh_from_db()
    assert article.live
    assert timezone.now() >= go_live
