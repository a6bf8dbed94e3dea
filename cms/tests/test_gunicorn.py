"""gunicorn serving the project as production does: DEBUG off, whitenoise, /healthz."""

import json
import os
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cms.tests.processes import (
    PROJECT_ROOT,
    VENV_BIN,
    Visitor,
    clean_environment,
    fetch,
    free_port,
    serving,
)

pytestmark = pytest.mark.deploy


def test_gunicorn_serves_pages_static_files_and_health(production_env):
    port = free_port()
    env = {**production_env, "PORT": str(port), "TRUST_X_FORWARDED_PROTO": "1"}
    behind_tls_proxy = {"X-Forwarded-Proto": "https"}
    with serving(["gunicorn", "cms.wsgi:application"], port=port, env=env):
        base = f"http://127.0.0.1:{port}"
        assert fetch(f"{base}/healthz").status == 200

        # DEBUG off means HTTPS: plain HTTP is redirected, a TLS proxy's request is served.
        redirect = fetch(f"{base}/")
        assert (redirect.status, redirect.headers["Location"]) == (301, f"https://127.0.0.1:{port}/")
        home = fetch(f"{base}/", headers=behind_tls_proxy)
        assert home.status == 200
        assert "At-home ketamine therapy, guided by physicians" in home.text

        manifest = json.loads((Path(production_env["STATIC_ROOT"]) / "staticfiles.json").read_text())
        stylesheet = manifest["paths"]["css/site.css"]
        assert stylesheet != "css/site.css"
        assert f'href="/static/{stylesheet}"' in home.text
        css = fetch(f"{base}/static/{stylesheet}", headers={**behind_tls_proxy, "Accept-Encoding": "gzip"})
        assert css.status == 200
        assert css.headers["Content-Encoding"] == "gzip"
        assert css.headers["Cache-Control"] == "max-age=315360000, public, immutable"


def test_gunicorn_keeps_running_and_reports_503_when_the_database_is_unreachable(production_env):
    port = free_port()
    env = {**production_env, "PORT": str(port), "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"}
    with serving(["gunicorn", "cms.wsgi:application"], port=port, env=env) as server:
        for _ in range(3):
            response = fetch(f"http://127.0.0.1:{port}/healthz")
            assert response.status == 503
            assert json.loads(response.body) == {"status": "unavailable", "database": "unreachable", "cache": "ok"}
        assert server.poll() is None


def test_sqlite_takes_signups_from_concurrent_clients_without_a_503(production_env):
    """Several workers writing one SQLite file: each write waits its turn instead of failing as locked."""
    port = free_port()
    clients, signups_each = 6, 35
    env = {
        **production_env,
        "PORT": str(port),
        "WEB_CONCURRENCY": "3",
        "SECURE_SSL_REDIRECT": "0",
        # Every client is 127.0.0.1: the per-address limit would refuse them long before the database could.
        "NEWSLETTER_SIGNUP_RATE": "100000/h",
    }

    def sign_up_many(client: int) -> list[tuple[str, int, bool]]:
        visitor = Visitor(port)
        answers = []
        for n in range(signups_each):
            email = f"concurrent-{client}-{n}@example.org"
            response = visitor.sign_up(email, javascript=True)
            accepted = response.status_code == 200 and response.json()["ok"]
            answers.append((email, response.status_code, accepted))
        return answers

    with serving(["gunicorn", "cms.wsgi:application"], port=port, env=env), ThreadPoolExecutor(clients) as pool:
        answers = [answer for answers in pool.map(sign_up_many, range(clients)) for answer in answers]

    statuses = [status for _, status, _ in answers]
    assert [status for status in statuses if status >= 500] == []
    accepted = {email for email, _, ok in answers if ok}
    assert len(accepted) == clients * signups_each
    database = production_env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        stored = {
            email for (email,) in db.execute("SELECT email FROM newsletter_subscriber WHERE email LIKE 'concurrent-%'")
        }
    assert stored == accepted


def gunicorn_settings(**variables: str) -> dict[str, str]:
    """The settings gunicorn itself reads from gunicorn.conf.py (``--print-config``), as text."""
    env = clean_environment(SECRET_KEY="gunicorn-config-" + "k" * 50, **variables)
    result = subprocess.run(
        [VENV_BIN / "gunicorn", "--print-config", "cms.wsgi:application"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.mark.parametrize(
    ("variables", "limit", "spread"), [({}, "1000", "500"), ({"GUNICORN_MAX_REQUESTS": "40"}, "40", "20")]
)
def test_workers_recycle_at_limits_spread_over_half_the_limit_and_fork_from_a_loaded_app(variables, limit, spread):
    settings = gunicorn_settings(**variables)
    assert (settings["max_requests"], settings["max_requests_jitter"]) == (limit, spread)
    assert settings["preload_app"] == "True"


def connections_and_files(pid: int) -> tuple[set[str], set[str]]:
    """The TCP connections (remote address:port, hex as the kernel lists them) and files a process holds open."""
    fd_folder = Path(f"/proc/{pid}/fd")
    targets = {os.readlink(fd_folder / fd) for fd in os.listdir(fd_folder)}
    sockets = {target[len("socket:[") : -1] for target in targets if target.startswith("socket:[")}
    connected = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in sockets and fields[3] == "01":  # ESTABLISHED
                connected.add(fields[2])
    return connected, {target for target in targets if target.startswith("/")}


def test_workers_recycle_without_keeping_visitors_waiting(production_env):
    """Each worker restarts after 20 to 30 requests here: none of 120 page views waits for one."""
    port = free_port()
    env = {**production_env, "PORT": str(port), "SECURE_SSL_REDIRECT": "0", "GUNICORN_MAX_REQUESTS": "20"}

    def visit(client: int) -> list[float]:
        visitor, waits = Visitor(port), []
        for _ in range(60):
            started = time.monotonic()
            assert visitor.get("/").status_code == 200
            waits.append(time.monotonic() - started)
        return waits

    with serving(["gunicorn", "cms.wsgi:application"], port=port, env=env) as master:
        with ThreadPoolExecutor(2) as pool:
            waits = [wait for waits in pool.map(visit, range(2)) for wait in waits]
        master_connections, master_files = connections_and_files(master.pid)
        log = Path(f"/tmp/server-{port}.log").read_text()

    assert log.count("Autorestarting worker") >= 4
    # Before: a recycled worker took 3 to 7 s to be replaced and answer, with both often gone at once.
    assert max(waits) < 1.5, sorted(waits)[-5:]
    # Workers are forked from the master: whatever it held open, they would share.
    assert master_connections == set()
    assert not [path for path in master_files if "sqlite3" in path]
