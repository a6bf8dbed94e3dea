"""The task worker: django-tasks-db's, plus what a site that must not lose work needs.

- **Retries.** A task that raises is run again after a growing delay (``TASK_RETRY_SECONDS`` doubled per
  attempt, at most an hour), up to ``TASK_MAX_ATTEMPTS`` runs in all; then it is marked failed and
  listed in the admin (Settings → Background tasks), where an administrator can run it again.
- **Lost tasks.** A worker that is killed (SIGKILL, a lost container) leaves its task marked running.
  Every worker checks, each heartbeat, for tasks whose worker has not been seen for
  ``WORKER_LOST_SECONDS``, and puts them back in the queue; the row lock of django-tasks-db means two
  workers never claim the same task.
- **Heartbeat.** Each worker touches its ``WorkerHeartbeat`` row every ``WORKER_HEARTBEAT_SECONDS`` from
  a thread of its own, so a long task does not look like a dead worker.
- **Schedule.** The same thread enqueues the periodic jobs that are due (background/schedule.py).
- **Request ids.** Each task runs, and logs, under the id of the request that enqueued it.

Tasks must be idempotent: a task that ran but whose worker died before recording it runs again.
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from cms.logs import current_request_id

from . import schedule
from .backend import enqueued_by
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)
LONGEST_RETRY_DELAY = timedelta(hours=1)
# Heartbeat rows of workers gone this long are deleted.
FORGET_WORKERS_AFTER = timedelta(days=1)


class Worker(DatabaseWorker):
    def __init__(self, *, run_schedule: bool = True, **options):
        super().__init__(**options)
        self.run_schedule = run_schedule
        self.stopping = threading.Event()

    # The loop ---------------------------------------------------------------------------------------

    def run(self) -> None:
        started_at = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": started_at,
                "last_seen_at": started_at,
            },
        )
        self.tick()  # before the first task: a --batch run also sees what is due now
        heartbeat = threading.Thread(target=self.keep_beating, name="worker-heartbeat", daemon=True)
        heartbeat.start()
        try:
            super().run()
        finally:
            self.stopping.set()
            heartbeat.join(timeout=5)
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            logger.info("Worker %s stopped", self.worker_id)

    def keep_beating(self) -> None:
        try:
            while not self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS):
                try:
                    self.tick()
                except Exception:
                    # A database that is briefly away must not stop the heartbeat for good.
                    logger.exception("Worker heartbeat failed")
                    close_old_connections()
        finally:
            connections.close_all()  # this thread's own connections

    def tick(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(last_seen_at=now)
        WorkerHeartbeat.objects.filter(last_seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
        self.requeue_lost_tasks()
        if self.run_schedule:
            schedule.enqueue_due_jobs()

    def requeue_lost_tasks(self) -> None:
        cutoff = timezone.now() - timedelta(seconds=settings.WORKER_LOST_SECONDS)
        alive = set(WorkerHeartbeat.objects.filter(last_seen_at__gte=cutoff).values_list("worker_id", flat=True))
        running = DBTaskResult.objects.running().filter(backend_name=self.backend_name, started_at__lt=cutoff)
        for result in running.only("id", "worker_ids", "started_at", "task_path"):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            # Only if nobody else requeued or finished it meanwhile.
            requeued = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
            ).update(status=TaskResultStatus.READY, run_after=timezone.now())
            if requeued:
                logger.warning(
                    "Task %s (%s) was left running by worker %s, which stopped: queued again",
                    result.pk,
                    result.task_path,
                    result.worker_ids[-1] if result.worker_ids else "?",
                )

    # One task ---------------------------------------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult) -> None:
        request_token = current_request_id.set(enqueued_by(db_task_result))
        attempt = len(db_task_result.worker_ids)
        started = time.monotonic()
        try:
            self.running_task = True
            if attempt > settings.TASK_MAX_ATTEMPTS:  # its workers died on every attempt
                raise TaskLostTooOften(f"{attempt - 1} attempts ended with their worker")
            logger.debug("Task %s (%s) started, attempt %d", db_task_result.pk, db_task_result.task_path, attempt)
            task = db_task_result.task
            task_result = db_task_result.task_result
            task_started.send(sender=type(task.get_backend()), task_result=task_result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=type(task.get_backend()), task_result=db_task_result.task_result)
            logger.info(
                "Task %s (%s) succeeded in %.0f ms, attempt %d",
                db_task_result.pk,
                db_task_result.task_path,
                (time.monotonic() - started) * 1000,
                attempt,
            )
        except Exception as error:
            if attempt < settings.TASK_MAX_ATTEMPTS and not isinstance(error, TaskLostTooOften):
                self.retry_later(db_task_result, error, attempt)
            else:
                logger.exception("Task %s (%s) failed for good", db_task_result.pk, db_task_result.task_path)
                db_task_result.set_failed(error)
                self.send_finished(db_task_result)
        except BaseException:
            # Stopped mid-task (a second Ctrl-C): back in the queue, as it never finished.
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(status=TaskResultStatus.READY)
            raise
        finally:
            self.running_task = False
            self._run_tasks += 1
            current_request_id.reset(request_token)

    def retry_later(self, db_task_result: DBTaskResult, error: Exception, attempt: int) -> None:
        delay = min(timedelta(seconds=settings.TASK_RETRY_SECONDS * 2 ** (attempt - 1)), LONGEST_RETRY_DELAY)
        logger.warning(
            "Task %s (%s) failed on attempt %d of %d (%s: %s); trying again in %d s",
            db_task_result.pk,
            db_task_result.task_path,
            attempt,
            settings.TASK_MAX_ATTEMPTS,
            type(error).__name__,
            error,
            delay.total_seconds(),
        )
        db_task_result.status = TaskResultStatus.READY
        db_task_result.run_after = timezone.now() + delay
        db_task_result.exception_class_path = get_module_path(type(error))
        db_task_result.traceback = get_exception_traceback(error)
        db_task_result.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])

    @staticmethod
    def send_finished(db_task_result: DBTaskResult) -> None:
        try:
            sender = type(db_task_result.task.get_backend())
        except Exception:  # the task's code is gone: nothing listens for it
            return
        task_finished.send(sender=sender, task_result=db_task_result.task_result)


class TaskLostTooOften(RuntimeError):
    """A task whose worker stopped on every attempt (it may be what kills them)."""
