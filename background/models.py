"""What the worker keeps about itself: that it is alive, and when each periodic job is next due."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running worker process, touched every ``WORKER_HEARTBEAT_SECONDS``.

    The admin banner and ``/healthz`` read the newest row; a worker that finds a task still marked
    running by a worker whose heartbeat stopped runs it again (background/worker.py).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "worker heartbeat"

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"


class ScheduledJob(models.Model):
    """When a job of ``BACKGROUND_SCHEDULE`` is next due, shared by every worker, so it runs once per period."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name
