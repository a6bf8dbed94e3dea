"""The periodic schedule, declared in settings (``BACKGROUND_SCHEDULE``: name -> task path and seconds).

Every worker looks at it (background/worker.py); a job's next due time is one row of ``ScheduledJob``,
claimed with a conditional UPDATE, so with any number of workers each job is enqueued once per period.

Why not a library: the kept schedulers for Django's task framework (django-periodic-tasks,
django-crontask) need Python 3.12 or later, and this project runs 3.11 (the stack's pin).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task that takes no arguments
    every: timedelta


def jobs() -> list[Job]:
    return [
        Job(name, entry["task"], timedelta(seconds=entry["every"]))
        for name, entry in settings.BACKGROUND_SCHEDULE.items()
    ]


def enqueue_due_jobs() -> list[str]:
    """Enqueue each job whose time has come and that no other worker claimed first; their names."""
    enqueued = []
    for job in jobs():
        now = timezone.now()
        ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        with transaction.atomic():
            # Due, or due further ahead than its period allows (the period was shortened since).
            claimed = ScheduledJob.objects.filter(
                Q(next_run_at__lte=now) | Q(next_run_at__gt=now + job.every), name=job.name
            ).update(next_run_at=now + job.every, last_enqueued_at=now)
            if claimed:
                import_string(job.task).enqueue()
                enqueued.append(job.name)
    if enqueued:
        logger.info("Scheduled jobs enqueued: %s", ", ".join(enqueued))
    return enqueued
