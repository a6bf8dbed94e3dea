"""The worker, run in this process against the test database: what runs, when, how often, under which request."""

import io
import logging

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background.models import ScheduledJob, WorkerHeartbeat
from background.tests.sample_tasks import fail_times, lines, note_heartbeats, record
from cms.logs import current_request_id

# The worker locks the queue with transactions of its own: no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker(*args):
    call_command("worker", "--batch", "--no-schedule", *args, stdout=io.StringIO())


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs(queue, tmp_path):
    path = str(tmp_path / "ran")
    with transaction.atomic():
        record.enqueue(path, "rolled back")
        transaction.set_rollback(True)  # the request failed after enqueueing
    record.enqueue(path, "committed")

    run_worker()

    assert [line.split()[0] for line in lines(path)] == ["committed"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_failing_task_is_retried_with_backoff_and_then_succeeds(queue, tmp_path, clock):
    path = str(tmp_path / "ran")
    fail_times.enqueue(path, "flaky", 2)

    run_worker()  # the first run fails; the retry waits a second
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.READY
    assert task.run_after > timezone.now()
    assert task.exception_class_path == "builtins.ConnectionError"

    for _ in range(2):
        clock.wait_until(DBTaskResult.objects.get().run_after)
        run_worker()

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 3
    assert [line.split()[:3] for line in lines(path)] == [
        ["flaky", "run", "1"],
        ["flaky", "run", "2"],
        ["flaky", "run", "3"],
    ]


def test_a_task_that_keeps_failing_is_marked_failed_after_task_max_attempts(queue, tmp_path, clock):
    path = str(tmp_path / "ran")
    fail_times.enqueue(path, "broken", 99)

    for _ in range(queue.TASK_MAX_ATTEMPTS):
        clock.wait_until(DBTaskResult.objects.get().run_after)
        run_worker()

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.FAILED
    assert len(lines(path)) == queue.TASK_MAX_ATTEMPTS
    assert "the service is away (run 3)" in task.traceback
    run_worker()
    assert len(lines(path)) == queue.TASK_MAX_ATTEMPTS  # never again by itself


def test_a_task_runs_and_logs_under_the_id_of_the_request_that_enqueued_it(queue, tmp_path, caplog):
    path = str(tmp_path / "ran")
    token = current_request_id.set("req-1234")
    try:
        record.enqueue(path, "from a request")
    finally:
        current_request_id.reset(token)

    with caplog.at_level(logging.INFO, logger="background.worker"):
        run_worker()

    assert lines(path)[0].endswith("request_id=req-1234")
    started = [r for r in caplog.records if r.name == "background.worker" and "succeeded" in r.getMessage()]
    assert started
    assert all(getattr(record_, "request_id", None) == "req-1234" for record_ in started)


def test_a_worker_keeps_a_heartbeat_while_it_runs_and_removes_it_when_it_stops(queue, tmp_path):
    path = str(tmp_path / "ran")
    note_heartbeats.enqueue(path)

    run_worker()

    assert lines(path)[0].startswith("heartbeats=1 ")
    assert not WorkerHeartbeat.objects.exists()


def test_the_schedule_enqueues_each_job_once_per_period_whatever_the_number_of_workers(queue, settings):
    from background.schedule import enqueue_due_jobs

    settings.BACKGROUND_SCHEDULE = {"publish": {"task": "background.tasks.publish_scheduled_pages", "every": 60}}

    first, second = enqueue_due_jobs(), enqueue_due_jobs()  # two workers, one after the other

    assert (first, second) == (["publish"], [])
    assert DBTaskResult.objects.filter(task_path="background.tasks.publish_scheduled_pages").count() == 1
    ScheduledJob.objects.update(next_run_at=timezone.now())
    assert enqueue_due_jobs() == ["publish"]
