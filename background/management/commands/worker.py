"""``manage.py worker``: run background tasks and the periodic schedule until stopped (SIGTERM or Ctrl-C).

Any number may run at once, on one machine or many: each task runs once, each scheduled job is enqueued
once per period. SIGTERM or Ctrl-C lets the current task finish; a second one stops it, and it is
queued again.
"""

import logging

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks.utils import get_random_id
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import (
    valid_backend_name,
    valid_interval,
    valid_max_tasks,
    validate_worker_id,
)

from background.worker import Worker


class Command(DatabaseWorkerCommand):
    help = "Run background tasks and the periodic schedule (see README, Background work)."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="Queues to run, comma-separated; '*' for all.")
        parser.add_argument(
            "--interval", default=1, type=valid_interval, help="Seconds between looks at an empty queue."
        )
        parser.add_argument("--batch", action="store_true", help="Run what is due now, then exit.")
        parser.add_argument("--max-tasks", default=None, type=valid_max_tasks, help="Exit after this many tasks.")
        parser.add_argument(
            "--no-schedule", action="store_false", dest="run_schedule", help="Run tasks only; enqueue no periodic job."
        )
        parser.add_argument(
            "--backend", default=DEFAULT_TASK_BACKEND_ALIAS, type=valid_backend_name, dest="backend_name"
        )
        parser.add_argument("--worker-id", type=validate_worker_id, default=None, help="Unique per worker.")

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        # django-tasks logs every state change of every task at INFO; the worker's own lines say enough.
        if verbosity == 1:
            logging.getLogger("django_tasks").setLevel(logging.WARNING)

    def handle(self, *, verbosity, queue_name, interval, batch, max_tasks, run_schedule, backend_name, worker_id, **_):
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=not batch,
            max_tasks=max_tasks,
            worker_id=worker_id or get_random_id(),
            run_schedule=run_schedule,
        )
        worker.configure_signals()
        worker.run()
