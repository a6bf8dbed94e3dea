"""gunicorn serving the project as production does: DEBUG off, whitenoise, /healthz."""

import json
import uuid
from pathlib import Path

import pytest

from cms.tests.processes import clean_environment, fetch, free_port, manage, serving

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
