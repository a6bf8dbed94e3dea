"""Every request has an id: in its response's X-Request-ID header, in each log record it writes, and in the
Sentry report of an error it meets. Sentry is on only with SENTRY_DSN, and then gets no personal data.

gunicorn's own log lines (access lines included) are checked in test_outages.py.
"""

import gzip
import io
import json
import logging
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
import sentry_sdk
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from cms import sentry
from cms.logs import JsonFormatter, RequestIdFilter, TextFormatter
from cms.tests.processes import PROJECT_ROOT, clean_environment, manage

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines():
    """What the stdout handler of LOGGING writes, as parsed JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_every_response_gets_a_new_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert GENERATED.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    ("trusted", "sent", "kept"),
    [
        (True, "edge-7f3a.42", True),
        (False, "edge-7f3a.42", False),  # a visitor cannot choose the id their requests are logged under
        (True, "two words", False),
        (True, 'quote"d', False),
        (True, "x" * 129, False),
    ],
)
def test_the_proxys_request_id_is_kept_only_when_trusted_and_well_formed(client, settings, trusted, sent, kept):
    settings.TRUST_X_REQUEST_ID = trusted
    answered = client.get("/healthz", headers={"X-Request-ID": sent})["X-Request-ID"]
    if kept:
        assert answered == sent
    else:
        assert GENERATED.fullmatch(answered)


def test_records_logged_during_a_request_carry_its_id(client, log_lines):
    missing = client.get("/no-such-page/")  # Django logs the 404 once the middleware has returned
    # Last: the health check closes the connection it found broken (the test's own, on PostgreSQL).
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("refused")):
        unhealthy = client.get("/healthz")

    by_message = {line["message"]: line for line in log_lines()}
    warning = by_message["Health check: database unreachable: refused"]
    assert (warning["level"], warning["logger"]) == ("WARNING", "cms.middleware")
    assert warning["request_id"] == unhealthy["X-Request-ID"]
    assert by_message["Not Found: /no-such-page/"]["request_id"] == missing["X-Request-ID"]


def test_a_json_line_holds_the_exception_and_extra_fields_and_no_request_outside_one(log_lines):
    try:
        raise ValueError("bad value")
    except ValueError:
        logging.getLogger("cms.test").exception("It broke", extra={"subscriber_count": 3})

    (line,) = log_lines()
    assert line["message"] == "It broke"
    assert line["request_id"] == "-"
    assert line["subscriber_count"] == 3
    assert line["time"].endswith("+00:00")
    assert "ValueError: bad value" in line["exception"]


def test_text_and_json_lines_give_the_same_utc_time_whatever_the_local_zone(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        record = logging.makeLogRecord({"name": "cms.test", "msg": "Hello", "created": 1_780_000_000.25})
        record.request_id = "-"
        text_line = TextFormatter().format(record)
        json_line = json.loads(JsonFormatter().format(record))
    finally:
        monkeypatch.undo()
        time.tzset()

    assert json_line["time"] == "2026-05-28T20:26:40.250+00:00"
    assert text_line.startswith("2026-05-28T20:26:40.250+00:00 ")


# Sentry -------------------------------------------------------------------------------------------

# A view that breaks, on a URL of this probe's own; Django's test client plays the browser.
PROBE = """
import json, sys, types
import django
django.setup()
import sentry_sdk
from django.test import Client, override_settings
from django.urls import path

def broken(request):
    raise RuntimeError("the probe view broke")

urls = types.ModuleType("probe_urls")
urls.urlpatterns = [path("probe/", broken)]
urls.handler500 = "cms.views.server_error"
sys.modules["probe_urls"] = urls
with override_settings(ROOT_URLCONF="probe_urls"):
    response = Client(raise_request_exception=False).get(
        "/probe/?email=pat@example.org", headers={"cookie": "sessionid=secret-session-cookie"}
    )
sentry_sdk.flush(timeout=10)
print(json.dumps({"status": response.status_code, "request_id": response["X-Request-ID"],
                  "reporting": sentry_sdk.get_client().is_active()}))
"""


class FakeSentry(BaseHTTPRequestHandler):
    """Collects the envelopes the SDK posts to /api/<project>/envelope/."""

    received: list[bytes]

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_sentry():
    received: list[bytes] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (FakeSentry,), {"received": received}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def run_probe(tmp_path, **environ) -> dict:
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LOG_LEVEL="CRITICAL",
        **environ,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def items(envelopes: list[bytes]) -> list[tuple[dict, bytes]]:
    """(item header, payload) of each item: an envelope is a header line, then header and payload lines."""
    found = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        found += [(json.loads(header), payload) for header, payload in zip(lines[1::2], lines[2::2], strict=False)]
    return found


def item_types(envelopes: list[bytes]) -> set[str]:
    return {header.get("type") for header, _ in items(envelopes)}


def events(envelopes: list[bytes]) -> list[dict]:
    return [json.loads(payload) for header, payload in items(envelopes) if header.get("type") == "event"]


def test_an_error_in_a_view_is_reported_to_sentry_with_the_request_id_and_no_personal_data(tmp_path, fake_sentry):
    port, received = fake_sentry
    probe = run_probe(
        tmp_path,
        SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1",
        SENTRY_ENVIRONMENT="staging",
    )

    assert (probe["status"], probe["reporting"]) == (500, True)
    (event,) = events(received)
    exception = event["exception"]["values"][-1]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "the probe view broke")
    assert event["tags"]["request_id"] == probe["request_id"]
    assert event["environment"] == "staging"
    everything_sent = b"".join(received).decode()
    assert "secret-session-cookie" not in everything_sent
    assert "ip_address" not in json.dumps(event.get("user", {}))
    assert "transaction" not in item_types(received)  # no performance tracing by default


def test_without_a_dsn_nothing_is_reported(tmp_path, fake_sentry):
    _port, received = fake_sentry
    probe = run_probe(tmp_path)
    assert (probe["status"], probe["reporting"]) == (500, False)
    assert received == []
    # The test run itself reports nowhere either.
    assert not sentry_sdk.get_client().is_active()
    assert sentry.start("", environment="production", traces_sample_rate=0) is False


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("SENTRY_TRACES_SAMPLE_RATE", "2", "must be a number from 0 to 1, not '2'."),
        ("SENTRY_DSN", "sentry.example.org/1", "must be a URL starting with http:// or https://"),
        ("LOG_FORMAT", "xml", "must be one of json, text, not 'xml'."),
    ],
)
def test_a_malformed_logging_or_sentry_variable_stops_start_up_with_one_line(name, value, problem):
    result = manage("check", env=clean_environment(SECRET_KEY="k" * 60, **{name: value}))
    assert result.returncode != 0
    assert result.stderr.strip().startswith(f"Configuration error: {name} {problem}")
    assert len(result.stderr.strip().splitlines()) == 1
