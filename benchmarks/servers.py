"""gunicorn for the benchmarks and the load test: started with the project's settings, stopped afterwards."""

import contextlib
import signal
import subprocess
import sys
import time
from pathlib import Path

from cms.tests.processes import fetch

PROJECT_DIR = Path(__file__).resolve().parent.parent


class SetupError(Exception):
    """Something a benchmark needs is missing or broken: no figures can be trusted."""


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, log_path: Path, options=(), ready=lambda process: True):
    """gunicorn serving the project on 127.0.0.1:``port`` until /healthz answers and ``ready(process)`` holds."""
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", *options, "--bind", f"127.0.0.1:{port}"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise SetupError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
                with contextlib.suppress(OSError):
                    if fetch(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200 and ready(process):
                        break
                if time.monotonic() > deadline:
                    raise SetupError(f"gunicorn never answered /healthz:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
