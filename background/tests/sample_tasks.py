"""Tasks the worker's tests enqueue: each writes a line to a file, so another process can see what ran."""

import os
import time
from pathlib import Path

from django_tasks import task

from cms.logs import current_request_id


def note(path: str, line: str) -> None:
    with Path(path).open("a") as file:
        file.write(f"{line} pid={os.getpid()} request_id={current_request_id.get()}\n")


def lines(path: str) -> list[str]:
    file = Path(path)
    return file.read_text().splitlines() if file.exists() else []


@task()
def record(path: str, label: str):
    note(path, label)


@task()
def slow_record(path: str, label: str, seconds: float):
    note(path, f"{label} started")
    time.sleep(seconds)
    note(path, f"{label} finished")


@task()
def fail_times(path: str, label: str, failures: int):
    """Fails the first ``failures`` runs, then succeeds."""
    runs = sum(line.startswith(f"{label} ") for line in lines(path))
    note(path, f"{label} run {runs + 1}")
    if runs < failures:
        raise ConnectionError(f"{label}: the service is away (run {runs + 1})")


@task()
def note_heartbeats(path: str):
    from background.models import WorkerHeartbeat

    note(path, f"heartbeats={WorkerHeartbeat.objects.count()}")
