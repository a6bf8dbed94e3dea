"""Is a worker running? Read by ``/healthz`` and by the admin banner."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from .models import WorkerHeartbeat

OK, STOPPED, NOT_NEEDED = "ok", "not running", "not needed"


def worker_state() -> str:
    """ "ok" when a worker's heartbeat arrived within ``WORKER_STALE_MINUTES``; "not running" otherwise;
    "not needed" when tasks run at once in the process that enqueues them (no database queue)."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return NOT_NEEDED
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen_at"))["last"]
    if last_seen is None or last_seen < timezone.now() - timedelta(minutes=settings.WORKER_STALE_MINUTES):
        return STOPPED
    return OK
