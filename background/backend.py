"""The task queue: django-tasks-db's database backend, with the id of the request that enqueued each task.

A task is a row in the project's own database, written in the caller's transaction: it is visible to a
worker only once that transaction commits, and it disappears with a rollback, so work is never lost
nor run for rows that were never saved. The request id (cms/logs.py) travels in the row's JSON next to
the task's arguments, where django-tasks-db ignores it, and the worker logs the task under it.
"""

from django.db import transaction
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from cms.logs import NO_REQUEST, current_request_id

REQUEST_ID_KEY = "request_id"


class QueueBackend(DatabaseBackend):
    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        db_result = DBTaskResult.objects.create(
            id=self.id_function(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs, REQUEST_ID_KEY: current_request_id.get()}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
        task_enqueued.send(type(self), task_result=db_result.task_result)
        return db_result.task_result


def enqueued_by(db_result: DBTaskResult) -> str:
    """The id of the request that enqueued a task ("-" for none: a command, the schedule, the worker)."""
    return db_result.args_kwargs.get(REQUEST_ID_KEY) or NO_REQUEST


def enqueue(task, *args, **kwargs) -> None:
    """Enqueue ``task`` so that it runs only after the current transaction commits, with any backend.

    With the database queue the row itself is part of the transaction. Other backends (the test run's
    immediate one) would run the task at once, before the data it reads is committed: wait for it.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
