"""What editors and administrators see of the background work: the banner, /healthz, failed tasks."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from background.models import WorkerHeartbeat
from background.tests.sample_tasks import fail_times, lines

BANNER = "the background worker is not running"


def beat(minutes_ago: float) -> None:
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    WorkerHeartbeat.objects.update_or_create(
        worker_id="w1", defaults={"hostname": "web-1", "pid": 7, "started_at": moment, "last_seen_at": moment}
    )


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("ed", password="pw")
    group = Group.objects.create(name="Writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_editors_see_the_banner_and_healthz_reports_it_while_no_worker_runs(queue, editor, client):
    assert BANNER in editor.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get("/healthz").json()["worker"] == "not running"

    beat(minutes_ago=1)
    assert BANNER not in editor.get(reverse("wagtailadmin_home")).content.decode()
    health = client.get("/healthz")
    assert (health.status_code, health.json()["worker"]) == (200, "ok")

    beat(minutes_ago=6)  # the worker stopped five minutes ago
    assert BANNER in editor.get(reverse("wagtailadmin_home")).content.decode()
    health = client.get("/healthz")
    assert (health.status_code, health.json()["worker"]) == (200, "not running")


@pytest.mark.django_db
def test_no_banner_when_tasks_run_at_once(editor, client):
    assert BANNER not in editor.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get("/healthz").json()["worker"] == "not needed"


def failed_task(tmp_path) -> DBTaskResult:
    fail_times.enqueue(str(tmp_path / "ran"), "mail", 0)  # the mail server is back by the retry
    task = DBTaskResult.objects.get()
    task.claim("w1")
    task.set_failed(ConnectionError("smtp.example.org refused the connection"))
    return task


@pytest.mark.django_db
def test_administrators_list_failed_tasks_with_their_error_and_editors_cannot(queue, admin_client, editor, tmp_path):
    task = failed_task(tmp_path)

    listing = admin_client.get(reverse("background_tasks:index")).content.decode()
    inspect = admin_client.get(reverse("background_tasks:inspect", args=[task.pk])).content.decode()

    assert "Background tasks" in listing
    assert f'href="{reverse("background_tasks:inspect", args=[task.pk])}"' in listing  # the task links to its page
    assert "fail_times" in listing
    assert "builtins.ConnectionError" in listing
    assert "smtp.example.org refused the connection" in inspect
    assert "Run again" in inspect
    assert editor.get(reverse("background_tasks:index")).status_code == 302  # to the dashboard: no permission
    assert editor.post(reverse("background_tasks:retry", args=[task.pk])).status_code in (302, 403)
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_administrators_retry_runs_the_failed_task_again(queue, admin_client, tmp_path):
    task = failed_task(tmp_path)

    response = admin_client.post(reverse("background_tasks:retry", args=[task.pk]))
    call_command("worker", "--batch", "--no-schedule", stdout=io.StringIO())

    assert response.status_code == 302
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert [line.split()[:3] for line in lines(tmp_path / "ran")] == [["mail", "run", "1"]]
    assert ModelLogEntry.objects.filter(action="background.retry_task").count() == 1
