"""Start the project's own processes (gunicorn, manage.py) for tests, and talk to them over HTTP."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import requests

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

# The only variables a started process inherits: nothing from a developer's
# shell or the test run (DATABASE_URL, DJANGO_*) may leak into it.
INHERITED_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def clean_environment(**overrides: str) -> dict[str, str]:
    environ = {key: value for key, value in os.environ.items() if key in INHERITED_VARIABLES or key.startswith("PIP_")}
    environ["PATH"] = f"{VENV_BIN}{os.pathsep}{environ.get('PATH', '')}"
    environ.update(overrides)
    return environ


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str], cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(condition, timeout: float, what: str, every: float = 0.2):
    """``condition()`` once it is true; an AssertionError naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)
    return result


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 10) -> Response:
    """GET without following redirects; HTTP errors come back as responses, not exceptions."""
    opener = urllib.request.build_opener(NoRedirects)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


@contextlib.contextmanager
def serving(command: list[str], *, port: int, env: dict[str, str], cwd: Path = PROJECT_ROOT, ready_path="/healthz"):
    """Run a server process until it answers on ``port``; stop it afterwards."""
    log_path = Path(env.get("TMPDIR", "/tmp")) / f"server-{port}.log"
    with open(log_path, "w+") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise AssertionError(f"{command[0]} exited with {process.returncode}:\n{log.read()}")
                try:
                    fetch(f"http://127.0.0.1:{port}{ready_path}", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        log.seek(0)
                        raise AssertionError(f"{command[0]} never answered:\n{log.read()}") from None
                    time.sleep(0.2)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


class Visitor:
    """A browser on one of the demo hosts: its Host header, and an Origin on form posts."""

    def __init__(self, port: int, host: str = "localhost"):
        self.base = f"http://127.0.0.1:{port}"
        self.host = f"{host}:{port}"
        self.session = requests.Session()

    def get(self, path: str, **headers) -> requests.Response:
        return self.session.get(self.base + path, headers={"Host": self.host, **headers}, allow_redirects=False)

    def sign_up(self, email: str, *, javascript: bool) -> requests.Response:
        headers = {"Host": self.host, "Origin": f"http://{self.host}"}
        if javascript:  # what signup.js sends
            headers.update({"Accept": "application/json", "X-Requested-With": "fetch"})
        data = {"email": email, "website": "", "next": "/", "consent": ""}
        url = f"{self.base}/newsletter/subscribe/"
        return self.session.post(url, data=data, headers=headers, allow_redirects=False)
