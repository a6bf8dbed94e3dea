"""`make run`'s Procfile, as honcho runs it: the development server and the worker start together, an article
scheduled to go live is live within two minutes with nobody doing anything, and one Ctrl-C stops both."""

import os
import signal
import subprocess
import time

import pytest

from cms.tests.processes import PROJECT_ROOT, VENV_BIN, clean_environment, fetch, free_port, manage, wait_for

pytestmark = pytest.mark.deploy

SCHEDULE_AN_ARTICLE = """
from datetime import timedelta
from django.utils import timezone
from resources.tests.builders import make_article, make_site
_, _, hub = make_site(hostname="localhost", port={port})
article = make_article(hub, "Before your first session", live=False)
article.go_live_at = timezone.now() + timedelta(seconds=15)
article.save_revision().publish()  # with a go-live date ahead: scheduled, not live
print(article.url)
"""


def answers(url: str):
    try:
        return fetch(url, timeout=5)
    except OSError:
        return None


def test_make_runs_procfile_publishes_a_scheduled_article_on_time_and_stops_on_one_ctrl_c(tmp_path):
    port = free_port()
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        HOST="127.0.0.1",
        PORT=str(port),
    )
    assert manage("migrate", "--noinput", env=env).returncode == 0
    scheduled = manage("shell", "--no-imports", "-c", SCHEDULE_AN_ARTICLE.format(port=port), env=env)
    assert scheduled.returncode == 0, scheduled.stderr
    article_url = f"http://localhost:{port}{scheduled.stdout.strip().splitlines()[-1]}"
    log = (tmp_path / "honcho.log").open("w+")
    # What `make run` starts last (Makefile: honcho with the Procfile), in a process group of its own
    # as a terminal would have it.
    honcho = subprocess.Popen(
        [str(VENV_BIN / "honcho"), "--no-colour", "--procfile", "Procfile", "start"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started = time.monotonic()
    try:
        health = wait_for(lambda: answers(f"http://127.0.0.1:{port}/healthz"), 60, "the development server")
        assert answers(article_url).status == 404  # not live yet
        wait_for(
            lambda: answers(f"http://127.0.0.1:{port}/healthz").text.count('"worker": "ok"'),
            60,
            "the worker's heartbeat",
        )
        live = wait_for(lambda: (r := answers(article_url)) and r.status == 200 and r, 120, "the article to go live")
        assert "Before your first session" in live.text
        assert time.monotonic() - started < 120
        assert health.status == 200

        os.killpg(honcho.pid, signal.SIGINT)  # Ctrl-C in the terminal
        assert honcho.wait(timeout=60) is not None
    finally:
        if honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGKILL)
        log.seek(0)
        output = log.read()
    assert answers(f"http://127.0.0.1:{port}/healthz") is None, output
    assert "worker.1 stopped" in output
    assert "web.1 stopped" in output
    assert "Traceback" not in output, output
