"""Real worker processes sharing one queue in a database of their own (a file on SQLite, a throw-away
database on PostgreSQL): a killed worker's task is run by the next, and two workers never run one task."""

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from background.tests.sample_tasks import lines
from cms.tests.processes import PROJECT_ROOT, clean_environment, manage, wait_for


def postgres_server_url() -> str:
    database = settings.DATABASES["default"]
    return f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"


@pytest.fixture(scope="module")
def queue_env(tmp_path_factory):
    """Settings for processes that share a queue in a migrated database of their own."""
    folder = tmp_path_factory.mktemp("queue")
    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    if on_postgres:
        name = f"cms_queue_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{postgres_server_url()}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        url = f"{postgres_server_url()}/{name}"
    else:
        url = f"sqlite:///{folder / 'queue.sqlite3'}"
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="background.tests.worker_settings",
        DATABASE_URL=url,
        WORKER_HEARTBEAT_SECONDS="1",
        WORKER_LOST_SECONDS="3",
        TMPDIR=str(folder),
    )
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    yield env
    if on_postgres:
        with psycopg.connect(f"{postgres_server_url()}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def in_queue_process(env, code: str) -> str:
    """Run Python in a Django process on the queue's database; the last line it prints (logs come first)."""
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return (result.stdout.strip().splitlines() or [""])[-1]


def start_worker(env, *options) -> subprocess.Popen:
    log = Path(env["TMPDIR"]) / f"worker-{uuid.uuid4().hex[:6]}.log"
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-schedule", "--interval", "0.2", *options],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def task_rows(env) -> list[dict]:
    return json.loads(
        in_queue_process(
            env,
            "import json; from django_tasks_db.models import DBTaskResult; "
            "print(json.dumps(list(DBTaskResult.objects.values('status', 'worker_ids', 'task_path'))))",
        )
    )


@pytest.fixture
def empty_queue(queue_env):
    in_queue_process(queue_env, "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()")
    return queue_env


def test_two_workers_never_run_the_same_task(empty_queue, tmp_path):
    path = tmp_path / "ran"
    in_queue_process(
        empty_queue,
        "from background.tests.sample_tasks import record\n"
        f"for n in range(40): record.enqueue({str(path)!r}, f'task-{{n}}')",
    )

    workers = [start_worker(empty_queue, "--batch") for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=120) == 0

    labels = [line.split()[0] for line in lines(path)]
    assert sorted(labels) == sorted(f"task-{n}" for n in range(40))
    assert {row["status"] for row in task_rows(empty_queue)} == {"SUCCESSFUL"}


def test_a_task_whose_worker_is_killed_mid_run_is_run_again_by_the_next_worker(empty_queue, tmp_path):
    path = tmp_path / "ran"
    in_queue_process(
        empty_queue,
        f"from background.tests.sample_tasks import slow_record; slow_record.enqueue({str(path)!r}, 'slow', 4)",
    )
    first = start_worker(empty_queue)
    try:
        wait_for(lambda: lines(path), 60, "the first worker to start the task")
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()

    second = start_worker(empty_queue)
    try:
        wait_for(lambda: any("finished" in line for line in lines(path)), 60, "the next worker to finish the task")
        heartbeats = in_queue_process(
            empty_queue, "from background.models import WorkerHeartbeat; print(WorkerHeartbeat.objects.count())"
        )
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0

    runs = [line.split() for line in lines(path)]
    assert [run[:2] for run in runs] == [["slow", "started"], ["slow", "started"], ["slow", "finished"]]
    assert runs[0][2] == f"pid={first.pid}"
    assert runs[1][2] == runs[2][2] == f"pid={second.pid}"
    (row,) = task_rows(empty_queue)
    assert row["status"] == "SUCCESSFUL"
    assert len(row["worker_ids"]) == 2
    # The killed worker's heartbeat stays until it is a day old; the running one had its own.
    assert int(heartbeats) == 2
