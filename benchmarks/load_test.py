#!/usr/bin/env python
"""Load test (`make loadtest`): concurrent visitors against gunicorn, with pass criteria.

Creates a throw-away PostgreSQL database (cms_load_<random>) on the server of
DATABASE_URL, builds the two demo sites in it (migrate, seed_demo), collects
static files into a temporary folder, empties Redis database 11 and starts
gunicorn as production does (gunicorn.conf.py, 2 workers, DEBUG off, the page
cache on with that Redis database). Then locust (headless, benchmarks/locustfile.py)
runs CLIENTS visitors for DURATION seconds, mixing pages of both sites (home,
hub, filtered hub, articles), search, suggest and newsletter signups with
unique addresses. It prints requests, failures, answers by status, p50/p95/p99
and signups attempted / accepted / stored, and fails (exit 1) unless:

- no answer was a 5xx and every request got an answer (no refused or reset connection);
- every accepted signup is stored exactly once, and nothing else under the run's prefix.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/load_test.py [--clients 50] [--duration 60]

The database named in DATABASE_URL is never touched; the new one is dropped at
the end and Redis database 11 is emptied again.
"""

import argparse
import concurrent.futures
import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.database import (  # noqa: E402
    DEFAULT_SERVER,
    create_database,
    database_url,
    drop_database,
    server_from,
)
from benchmarks.servers import SetupError, gunicorn  # noqa: E402
from cms.tests.processes import clean_environment, fetch, free_port  # noqa: E402

DEFAULT_REDIS = "redis://127.0.0.1:6379/11"
PREPARE = (
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0)\n"
    "call_command('seed_demo', verbosity=0)\n"
    # What the deployment's worker does next: the search index and the other queued work.
    "call_command('worker', batch=True, run_schedule=False, verbosity=0)\n"
    "call_command('collectstatic', interactive=False, verbosity=0)\n"
)
HOSTS = ("localhost", "nj.localhost")
# The signup's and suggestions' rate limits per address: every simulated visitor comes from 127.0.0.1.
RATE_LIMIT_VARIABLES = {
    "NEWSLETTER_SIGNUP_RATE": "100000/m",
    "SEARCH_SUGGEST_RATE": "100000/m",
    "SEARCH_RATE": "100000/m",
}


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


def run_step(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=900)  # noqa: S603
    if result.returncode != 0:
        raise SetupError(f"{what} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def discover_targets(port: int) -> dict:
    """Each site's articles and categories, read from its hub as a visitor would."""
    sites = []
    for host in HOSTS:
        response = fetch(f"http://127.0.0.1:{port}/resources/", headers={"Host": f"{host}:{port}"}, timeout=120)
        if response.status != 200:
            raise SetupError(f"The hub of {host} answered {response.status}")
        articles = sorted(set(re.findall(r'href="(/resources/[a-z0-9-]+/)"', response.text)))
        categories = sorted(set(re.findall(r'href="\?category=([a-z0-9-]+)"', response.text)))
        if not articles:
            raise SetupError(f"The hub of {host} lists no articles")
        sites.append({"host": f"{host}:{port}", "articles": articles, "categories": categories})
    return {"sites": sites}


def warm_up(port: int, targets: dict, workers: int) -> int:
    """Render every page once, as a live site has: the first view of an article makes its image
    renditions (seconds each), which a site in service did long ago. Answers how many pages."""
    pages = [
        (site["host"], path)
        for site in targets["sites"]
        for path in ["/", "/resources/", "/resources/?page=2", *site["articles"]]
        + [f"/resources/?category={slug}" for slug in site["categories"]]
    ]

    def visit(page):
        host, path = page
        status = fetch(f"http://127.0.0.1:{port}{path}", headers={"Host": host}, timeout=120).status
        if status != 200:
            raise SetupError(f"warm-up: {host}{path} answered {status}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(visit, pages))
    return len(pages)


def stored_signups(url: str, prefix: str) -> tuple[int, set[str]]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        rows = connection.execute(
            "SELECT email FROM newsletter_subscriber WHERE email LIKE %s", [f"{prefix}-%"]
        ).fetchall()
    return len(rows), {email for (email,) in rows}


def run(args, server: str, name: str, folder: Path) -> bool:
    port = free_port()
    url = database_url(server, name)
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DATABASE_URL=url,
        REDIS_URL=args.redis,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        WEB_CONCURRENCY=str(args.workers),
        LOG_LEVEL="WARNING",
        **RATE_LIMIT_VARIABLES,
    )
    print(f"Load test: {args.clients} clients for {args.duration} s against gunicorn ({args.workers} workers)")
    print(f"  database {name} on {server}; page cache in {args.redis} (emptied)")
    started = time.monotonic()
    run_step(
        [sys.executable, "manage.py", "shell", "-c", PREPARE],
        {**env, "PGOPTIONS": "-c synchronous_commit=off"},
        "migrate + seed_demo + collectstatic",
    )
    print(f"  demo sites built in {time.monotonic() - started:.0f} s")
    flush_redis(args.redis)

    prefix = f"load-{secrets.token_hex(4)}"
    summary_path = folder / "summary.json"
    log_path = folder / "gunicorn.log"
    with gunicorn(env, port, log_path) as server_process:
        targets = discover_targets(port)
        started = time.monotonic()
        pages = warm_up(port, targets, args.workers)
        print(f"  warm-up: {pages} pages rendered once in {time.monotonic() - started:.0f} s")
        locust_env = clean_environment(
            LOADTEST_TARGETS=json.dumps(targets),
            LOADTEST_EMAIL_PREFIX=prefix,
            LOADTEST_SUMMARY=str(summary_path),
        )
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(PROJECT_DIR / "benchmarks" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--users",
            str(args.clients),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.duration}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{port}",
            "--loglevel",
            "WARNING",
        ]
        locust = subprocess.run(command, cwd=folder, env=locust_env, capture_output=True, text=True, timeout=None)  # noqa: S603
        gunicorn_alive = server_process.poll() is None
    if not summary_path.exists():
        raise SetupError(f"locust wrote no summary (exit {locust.returncode}):\n{locust.stderr[-3000:]}")
    summary = json.loads(summary_path.read_text())
    stored_rows, stored = stored_signups(url, prefix)
    return report(summary, stored_rows, stored, gunicorn_alive, log_path)


def report(summary: dict, stored_rows: int, stored: set[str], gunicorn_alive: bool, log: Path) -> bool:
    statuses = {int(code): count for code, count in summary["statuses"].items()}
    server_errors = sum(count for code, count in statuses.items() if code >= 500)
    no_answer = statuses.get(0, 0)
    signups = summary["signups"]
    accepted = summary["accepted_emails"]
    unanswered = set(summary["unanswered_emails"])
    accepted_count = signups["accepted_json"] + signups["accepted_form"]

    print()
    print(f"  {'':<20}{'requests':>10}{'failures':>10}{'p50 ms':>9}{'p95 ms':>9}")
    for entry in summary["by_name"]:
        print(
            f"  {entry['name']:<20}{entry['requests']:>10,}{entry['failures']:>10,}"
            f"{entry['p50_ms']:>9.0f}{entry['p95_ms']:>9.0f}"
        )
    print()
    print(f"  requests            {summary['requests']:,} ({summary['rps']:.1f}/s)")
    print(f"  failures            {summary['failures']:,}")
    by_status = ", ".join(f"{code or 'no answer'}: {count:,}" for code, count in sorted(statuses.items()))
    print(f"  answers by status   {by_status}")
    print(f"  5xx                 {server_errors:,}")
    print(f"  latency             p50 {summary['p50_ms']:.0f} ms, p95 {summary['p95_ms']:.0f} ms")
    print(f"                      p99 {summary['p99_ms']:.0f} ms")
    print(
        f"  signups             attempted {signups['attempted']:,}, accepted {accepted_count:,}"
        f" (JSON 200: {signups['accepted_json']:,}, form 303: {signups['accepted_form']:,}),"
        f" refused {signups['refused']:,}, stored {stored_rows:,}"
    )
    if unanswered:
        print(f"  unanswered signups  {len(unanswered)} still in flight when the run stopped (stored or not)")
    for error in summary["errors"]:
        print(f"  error               {error['occurrences']}x {error['name']}: {error['error']}")

    checks = {
        "gunicorn kept running": gunicorn_alive,
        "requests were made": summary["requests"] > 0,
        "no 5xx answers": server_errors == 0,
        "every request answered": no_answer == 0,
        "signups were accepted": accepted_count > 0,
        # Exactly once: one row per accepted address, and no other row but a signup cut off by the end.
        "every accepted signup stored exactly once": stored_rows == len(stored)
        and len(accepted) == len(set(accepted))
        and set(accepted) <= stored
        and stored - set(accepted) <= unanswered,
    }
    print()
    for check, passed in checks.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {check}")
    if not all(checks.values()):
        problems = [line for line in log.read_text().splitlines() if '"level": "ERROR"' in line]
        for line in problems[:5]:
            print(f"  gunicorn log: {line[:500]}")
    return all(checks.values())


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent simulated visitors (default 50)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--spawn-rate", type=float, default=25, help="visitors started per second (default 25)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, WEB_CONCURRENCY (default 2)")
    parser.add_argument("--redis", default=DEFAULT_REDIS, help=f"the cache (default {DEFAULT_REDIS})")
    parser.add_argument("--server", help="PostgreSQL server URL (default: the server of DATABASE_URL)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.duration < 1 or args.workers < 1 or args.spawn_rate <= 0:
        parser.error("--clients, --duration, --workers and --spawn-rate must be positive")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    server = server_from(args.server or os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    try:
        flush_redis(args.redis)
        name = create_database(server, prefix="cms_load")
    except Exception as error:
        print(f"Setup failed: PostgreSQL at {server} or Redis at {args.redis}: {error}", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="cms-load-") as folder:
            passed = run(args, server, name, Path(folder))
    except SetupError as error:
        print(f"Setup failed: {error}", file=sys.stderr)
        return 1
    finally:
        drop_database(server, name)
        with contextlib.suppress(Exception):
            flush_redis(args.redis)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
