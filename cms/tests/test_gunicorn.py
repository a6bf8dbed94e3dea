"""gunicorn serving the project as production does: DEBUG off, whitenoise, /healthz."""

import json
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cms.tests.processes import Visitor, clean_environment, fetch, free_port, manage, serving

pytestmark = pytest.mark.deploy


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = clean_environment(
        DEBUG="0",
        SECRET_KEY="gunicorn-test-" + uuid.uuid4().hex * 2,
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        WEB_CONCURRENCY="2",
    )
    for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    return env


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
            assert json.loads(response.body) == {"status": "unavailable", "database": "unreachable"}
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
