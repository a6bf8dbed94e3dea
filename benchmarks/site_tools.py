"""What the site benchmark runs besides Python: Debian packages, Lighthouse from npm, Redis, tool versions."""

import contextlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.servers import SetupError
from cms.tests.processes import free_port

PROJECT_DIR = Path(__file__).resolve().parent.parent

LIGHTHOUSE_DIR = PROJECT_DIR / "benchmarks" / "lighthouse"


def run_quietly(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603


def ensure_debian_package(command: str, package: str) -> str:
    """The path of ``command``, installing Debian's ``package`` with apt-get first if root may."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() != 0:
        raise SetupError(f"{command} is missing: install it with `sudo apt-get install -y {package}` and run again.")
    print(f"  installing {package} with apt-get …", flush=True)
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=300"]
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run_quietly([*apt, "update", "-qq"], env=environment, timeout=600)
    result = run_quietly([*apt, "install", "-y", "-qq", package], env=environment, timeout=900)
    found = shutil.which(command)
    if not found:
        raise SetupError(f"apt-get install {package} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return found


def ensure_lighthouse() -> tuple[Path, str]:
    """Lighthouse from benchmarks/lighthouse/package-lock.json (npm ci when missing or stale), and its version."""
    ensure_debian_package("npm", "npm")
    lock = json.loads((LIGHTHOUSE_DIR / "package-lock.json").read_text())
    wanted = lock["packages"]["node_modules/lighthouse"]["version"]
    manifest = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    installed = json.loads(manifest.read_text())["version"] if manifest.exists() else None
    if installed != wanted:
        print(f"  installing Lighthouse {wanted} with npm ci into {LIGHTHOUSE_DIR.relative_to(PROJECT_DIR)}/ …")
        result = run_quietly(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR, timeout=600
        )
        if result.returncode != 0:
            raise SetupError(f"npm ci for Lighthouse failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SetupError(f"Lighthouse is not at {binary} after npm ci.")
    return binary, wanted


def tool_version(command: list[str]) -> str:
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        result = run_quietly(command, timeout=30)
        text = (result.stdout or result.stderr).strip().splitlines()
        return text[0] if text else "?"
    return "?"


@dataclass
class Cache:
    url: str
    description: str
    process: subprocess.Popen | None = None

    def flush(self) -> None:
        import redis

        redis.Redis.from_url(self.url, socket_connect_timeout=2).flushdb()

    def stop(self) -> None:
        """Leave nothing behind: the benchmark's cached pages are flushed, a private redis-server is stopped."""
        with contextlib.suppress(Exception):
            self.flush()
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def prepare_redis(url: str, folder: Path) -> Cache:
    """The Redis at ``url`` when it answers; else a private redis-server on a free port, stopped at the end."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pass
    else:
        return Cache(url, f"Redis at {url}")
    server = shutil.which("redis-server")
    if server is None:
        raise SetupError(f"Redis does not answer at {url} and redis-server is not installed (apt-get install redis).")
    port = free_port()
    command = [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    private = f"redis://127.0.0.1:{port}/9"
    for _ in range(50):
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(private, socket_connect_timeout=1).ping()
            return Cache(private, f"a private redis-server at {private} (none answered at {url})", process)
        time.sleep(0.2)
    process.terminate()
    raise SetupError(f"Redis does not answer at {url}, and a private redis-server did not start either.")
