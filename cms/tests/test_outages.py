"""Outages as an operator meets them: gunicorn (2 workers, production settings) on a PostgreSQL of the
test's own that the test stops and starts again, and on a Redis of its own that it kills or pauses.

The database goes down: /healthz says 503, pages, the admin and the newsletter signup answer a branded
503 with Retry-After (no traceback, no 500), and nothing is stored; it comes back: the same worker
processes serve again without a restart, and no subscriber from before is lost. Redis goes down: pages,
search and signups go on working uncached, and the ignored cache errors are logged. Redis hangs
(SIGSTOP): each worker waits one socket timeout, then skips Redis for the back-off, so pages keep
answering quickly and /healthz says so; once Redis answers again, pages are cached again. Every log line is
JSON and carries the id of its request, which the response's X-Request-ID header shows.
"""

import json
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from cms.tests.postgres_cluster import PostgresCluster
from cms.tests.processes import Visitor, clean_environment, free_port, manage, serving

pytestmark = pytest.mark.deploy

ADMIN_PASSWORD = "outage-" + uuid.uuid4().hex
PREPARE = (
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0)\n"
    f"call_command('seed_demo', admin_password={ADMIN_PASSWORD!r}, verbosity=0)\n"
    # What the deployment's worker does next: the search index and the other queued work.
    "call_command('worker', batch=True, run_schedule=False, verbosity=0)\n"
    "call_command('collectstatic', interactive=False, verbosity=0)\n"
)
BACK_SOON = "We’ll be back in a moment"
COUNT_SUBSCRIBERS = "SELECT count(*) FROM newsletter_subscriber"
SUBSCRIBER_EMAILS = "SELECT email FROM newsletter_subscriber ORDER BY email"


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of this module's own, holding the demo sites in database ``cms``."""
    cluster = PostgresCluster(free_port())
    try:
        cluster.init()
        cluster.start()
        cluster.create_database("cms")
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="module")
def site_env(postgres, tmp_path_factory):
    folder = tmp_path_factory.mktemp("outages")
    env = clean_environment(
        DEBUG="0",
        SECRET_KEY="outage-test-" + uuid.uuid4().hex * 2,
        DATABASE_URL=postgres.url("cms"),
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        WEB_CONCURRENCY="2",
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies without the Secure flag.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_FORMAT="json",
        TMPDIR=str(folder),
    )
    result = manage("shell", "-c", PREPARE, env=env)
    assert result.returncode == 0, result.stderr
    return env


@pytest.fixture
def database_up(postgres):
    """Each test starts with the database answering, whatever an earlier test left."""
    if not postgres.running:
        postgres.start()
    return postgres


def log_in_as_admin(port: int) -> requests.Session:
    editor = requests.Session()
    base = f"http://127.0.0.1:{port}"
    login = editor.get(f"{base}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    answer = editor.post(
        f"{base}/admin/login/",
        data={"username": "admin", "password": ADMIN_PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"},
        allow_redirects=False,
    )
    assert (answer.status_code, answer.headers["Location"]) == (302, "/admin/")
    return editor


def worker_pids(master_pid: int, expected: int = 2) -> set[int]:
    """gunicorn's worker processes (the master's children), once all ``expected`` have booted."""
    deadline = time.monotonic() + 30
    while True:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        if len(children) >= expected or time.monotonic() > deadline:
            return {int(pid) for pid in children}
        time.sleep(0.2)


def assert_branded_503(response: requests.Response, *phrases: str) -> None:
    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    for phrase in (BACK_SOON, *phrases):
        assert phrase in response.text
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text
    assert 'href="/static/css/site.' in response.text  # the site's own look, from the static files alone


def json_log(port: int, env: dict[str, str]) -> list[dict]:
    """Every line the server wrote so far, each of which must be one JSON object."""
    lines = (Path(env["TMPDIR"]) / f"server-{port}.log").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_a_database_outage_gets_503s_and_the_same_workers_recover_losing_nothing(site_env, database_up):
    postgres = database_up
    port = free_port()
    env = {**site_env, "PORT": str(port)}
    with serving(["gunicorn", "cms.wsgi:application"], port=port, env=env) as server:
        workers = worker_pids(server.pid)
        assert len(workers) == 2
        reader, nj_reader = Visitor(port), Visitor(port, "nj.localhost")
        article = re.search(r'href="(/resources/[^"/?]+/)"', nj_reader.get("/resources/").text).group(1)
        assert nj_reader.get(article).status_code == 200
        editor = log_in_as_admin(port)
        assert editor.get(f"http://127.0.0.1:{port}/admin/").status_code == 200
        for n in range(3):
            assert reader.sign_up(f"before-{n}@example.org", javascript=n % 2 == 0).status_code in (200, 303)
        subscribers_before = postgres.query("cms", SUBSCRIBER_EMAILS)
        assert len(subscribers_before) == 3

        postgres.stop()

        for _ in range(3):  # each worker, whatever it held, answers the same
            health = reader.get("/healthz")
            assert (health.status_code, health.json()["status"]) == (503, "unavailable")
        assert_branded_503(reader.get("/"), "this page can’t be shown just now")
        assert_branded_503(reader.get("/resources/?page=2"))
        assert_branded_503(nj_reader.get(article))
        assert_branded_503(editor.get(f"http://127.0.0.1:{port}/admin/"))
        assert_branded_503(editor.get(f"http://127.0.0.1:{port}/admin/pages/"))

        with_javascript = reader.sign_up("during@example.org", javascript=True)
        assert with_javascript.status_code == 503
        assert with_javascript.headers["Retry-After"] == "30"
        assert with_javascript.json()["ok"] is False
        assert "try again" in with_javascript.json()["message"]
        without_javascript = reader.sign_up("during@example.org", javascript=False)
        assert_branded_503(without_javascript, "has <strong>not</strong> been saved")

        postgres.start()

        assert reader.get("/healthz").status_code == 200
        assert "At-home ketamine therapy" in reader.get("/").text
        assert nj_reader.get(article).status_code == 200
        assert editor.get(f"http://127.0.0.1:{port}/admin/").status_code == 200  # still logged in
        assert reader.sign_up("after@example.org", javascript=True).json()["ok"] is True

        # Recovered by themselves: the same master and workers, none restarted.
        assert server.poll() is None
        assert worker_pids(server.pid) == workers
        log = json_log(port, env)

    emails = [email for (email,) in postgres.query("cms", SUBSCRIBER_EMAILS)]
    assert emails == sorted([email for (email,) in subscribers_before] + ["after@example.org"])
    assert sum(1 for line in log if "Booting worker" in line["message"]) == 2
    assert not [line for line in log if line.get("status") == 500]


class RedisServer:
    """A Redis of the test's own on a free port (never the machine's shared one), to start and kill."""

    def __init__(self):
        self.executable = shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("redis-server did not start") from None
                time.sleep(0.1)

    def pause(self) -> None:
        """Hang, as a Redis that is swapping or behind a dead link does: connections open, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.resume()  # a stopped process dies only once it runs again
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    redis = RedisServer()
    redis.start()
    yield redis
    redis.kill()


def eventually(ask, holds, seconds: float = 30) -> requests.Response:
    """The first answer of ``ask()`` for which ``holds(answer)``, or the last one after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        answer = ask()
        if holds(answer) or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def page_cache_hit(visitor: Visitor) -> requests.Response:
    return eventually(lambda: visitor.get("/"), lambda answer: answer.headers["X-Page-Cache"] == "hit")


def test_a_redis_outage_degrades_to_uncached_pages_and_logs_the_ignored_errors(site_env, database_up, redis_server):
    postgres = database_up
    port = free_port()
    # The page cache is on with Redis; a short back-off (cms/cache_breaker.py), so Redis is soon tried again.
    env = {**site_env, "PORT": str(port), "REDIS_URL": redis_server.url, "CACHE_BACKOFF_SECONDS": "2"}
    with serving(["gunicorn", "cms.wsgi:application"], port=port, env=env):
        reader, nj_reader = Visitor(port), Visitor(port, "nj.localhost")
        for _ in range(3):  # each worker fills or reads the shared cache
            reader.get("/")
        assert reader.get("/").headers["X-Page-Cache"] == "hit"

        redis_server.kill()

        answers = {
            "home": reader.get("/"),
            "hub": reader.get("/resources/"),
            "other site": nj_reader.get("/"),
            "search": reader.get("/search/?q=ketamine"),
            "suggest": reader.get("/search/suggest/?q=ket"),
            "signup with JavaScript": reader.sign_up("redis-down-js@example.org", javascript=True),
            "signup without": reader.sign_up("redis-down@example.org", javascript=False),
            "health": reader.get("/healthz"),
        }
        statuses = {name: answer.status_code for name, answer in answers.items()}
        assert statuses == {**dict.fromkeys(answers, 200), "signup without": 303}
        assert answers["home"].headers["X-Page-Cache"] == "miss"  # rendered, not served from a dead cache
        assert "At-home ketamine therapy" in answers["home"].text
        assert "search-result__title" in answers["search"].text
        assert answers["suggest"].json()["results"]
        assert answers["signup with JavaScript"].json()["ok"] is True
        ignored = [line for line in json_log(port, env) if line["logger"] == "django_redis.cache"]
        request_ids = {answer.headers["X-Request-ID"] for answer in answers.values()}

        # Redis back: the same processes use the cache again, once their back-off is over.
        redis_server.start()
        assert page_cache_hit(reader).headers["X-Page-Cache"] == "hit"

    assert ignored
    assert {line["message"] for line in ignored} == {"Exception ignored"}
    assert all("ConnectionError" in line["exception"] for line in ignored)
    assert {line["request_id"] for line in ignored} <= request_ids
    stored = {email for (email,) in postgres.query("cms", SUBSCRIBER_EMAILS)}
    assert {"redis-down-js@example.org", "redis-down@example.org"} <= stored


def test_a_hung_redis_is_skipped_after_one_socket_timeout_and_used_again_once_it_answers(
    site_env, database_up, redis_server
):
    port = free_port()
    # SOCKET_TIMEOUT is 1 s (cms/settings/environment.py); a short back-off so the test sees Redis tried again.
    env = {**site_env, "PORT": str(port), "REDIS_URL": redis_server.url, "CACHE_BACKOFF_SECONDS": "2"}
    with serving(["gunicorn", "cms.wsgi:application"], port=port, env=env):
        reader, nj_reader = Visitor(port), Visitor(port, "nj.localhost")
        paths = ["/", "/resources/", "/", "/resources/?page=2", "/"]
        for visitor in (reader, nj_reader):  # images' renditions made, which takes far longer than a timeout
            for path in paths:
                visitor.get(path)
        assert page_cache_hit(reader).headers["X-Page-Cache"] == "hit"
        assert reader.get("/healthz").json()["cache"] == "ok"

        redis_server.pause()

        def visit(visitor: Visitor) -> list[tuple[int, float]]:
            answers = []
            for path in paths:
                started = time.monotonic()
                answers.append((visitor.get(path).status_code, time.monotonic() - started))
            return answers

        with ThreadPoolExecutor(4) as clients:
            answers = [
                a for batch in clients.map(visit, [reader, nj_reader, Visitor(port), Visitor(port)]) for a in batch
            ]
        health = [reader.get("/healthz") for _ in range(4)]  # both workers, whatever their circuit

        redis_server.resume()

        back = page_cache_hit(reader)
        # Both workers, each once its own back-off is over.
        health_after = [
            eventually(lambda: reader.get("/healthz"), lambda answer: answer.json()["cache"] == "ok").json()
            for _ in range(4)
        ]

    assert [status for status, _ in answers] == [200] * 20
    seconds = sorted(duration for _, duration in answers)
    # Each worker waits one socket timeout (1 s) after each back-off, then skips Redis: a few answers
    # wait about that long (their own timeout, or their turn behind one), most only for a render.
    assert seconds[-1] < 2.5
    assert seconds[len(seconds) // 2] < 1
    assert {answer.status_code for answer in health} == {200}
    assert {answer.json()["cache"] for answer in health} <= {"unavailable", "skipped (circuit open)"}
    assert back.headers["X-Page-Cache"] == "hit"
    assert [health["cache"] for health in health_after] == ["ok"] * 4


def test_log_lines_are_json_with_the_request_id_the_response_shows(site_env, database_up):
    port = free_port()
    env = {**site_env, "PORT": str(port), "TRUST_X_REQUEST_ID": "1"}
    with serving(["gunicorn", "cms.wsgi:application"], port=port, env=env):
        reader = Visitor(port)
        made_up = reader.get("/no-such-page/")
        from_proxy = reader.get("/no-such-page/", **{"X-Request-ID": "proxy-id.42"})
        not_a_token = reader.get("/no-such-page/", **{"X-Request-ID": 'a"b c\n'.strip()})
        time.sleep(0.5)  # gunicorn writes the access line after the response
        log = json_log(port, env)

    assert re.fullmatch(r"[0-9a-f]{32}", made_up.headers["X-Request-ID"])
    assert from_proxy.headers["X-Request-ID"] == "proxy-id.42"
    assert re.fullmatch(r"[0-9a-f]{32}", not_a_token.headers["X-Request-ID"])
    for response in (made_up, from_proxy, not_a_token):
        lines = [line for line in log if line["request_id"] == response.headers["X-Request-ID"]]
        # Django's warning about the 404, and gunicorn's access line.
        assert {line["logger"] for line in lines} == {"django.request", "gunicorn.access"}
        access = next(line for line in lines if line["logger"] == "gunicorn.access")
        assert (access["method"], access["path"], access["status"]) == ("GET", "/no-such-page/", 404)
        warning = next(line for line in lines if line["logger"] == "django.request")
        assert (warning["level"], warning["message"]) == ("WARNING", "Not Found: /no-such-page/")
