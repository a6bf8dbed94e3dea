#!/usr/bin/env python
"""Site benchmark (`make bench`): the real pages under gunicorn with wrk, then Lighthouse.

Creates a throw-away PostgreSQL database, builds the two demo sites with
seed_demo and tops their hubs up with generated articles (1,000 in all),
collects static files into a temporary folder, and starts gunicorn the way
production does (gunicorn.conf.py, 2 workers, DEBUG off) on a free local port,
with benchmarks.settings: production settings plus a trivial baseline view
(/__baseline__/) and an X-SQL-Queries header. For each page it prints requests
per second, p50 and p99 latency (wrk), SQL statements per request, HTML bytes
and each page's ratio to the baseline measured on the same server; once with
the page cache on and once with PAGE_CACHE_SECONDS=0. Then Lighthouse (mobile)
scores the home page, the hub and an article. It exits 0 whatever the figures
say; it exits 1 only when setup fails.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms_bench \\
        .venv/bin/python benchmarks/site_benchmark.py [--duration 5] [--connections 8] [--keep]

The database named in DATABASE_URL is never touched: only its server is used,
to create (and afterwards drop) a database called cms_bench_<random>.
"""

import argparse
import contextlib
import gzip
import io
import json
import logging
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Run as a script or as a module, the shared helpers are importable as benchmarks.*.
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.database import (  # noqa: E402
    DEFAULT_SERVER,
    Timer,
    create_database,
    database_url,
    drop_database,
    load_articles,
    machine_description,
    server_from,
)
from benchmarks.search_corpus import Writer  # noqa: E402
from cms.tests.processes import clean_environment, fetch, free_port  # noqa: E402

SETTINGS_MODULE = "benchmarks.settings"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
LIGHTHOUSE_DIR = PROJECT_DIR / "benchmarks" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
    " --disable-component-update --disable-sync"
)
LIGHTHOUSE_CATEGORIES = (
    ("performance", "performance"),
    ("accessibility", "accessibility"),
    ("best-practices", "best practices"),
    ("seo", "SEO"),
)
# The article measured and scored: a demo article with a featured image, tags and related articles.
ARTICLE_SLUG = "what-to-expect-from-at-home-ketamine-therapy"
MISSING_PATH = "/resources/this-page-does-not-exist/"
IMAGE_SIZES = (("displayedSize", "shown"), ("actualSize", "file"), ("expectedSize", "expected"))
CACHE_SECONDS = 600

TARGET_CACHED_RATIO = 0.70
TARGET_UNCACHED_ARTICLE_P50_MS = 25.0
TARGET_RSS_GROWTH = 0.10


class SetupError(Exception):
    """Something the benchmark needs is missing or broken: no figures can be trusted."""


# Tools ----------------------------------------------------------------------------------------


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


# Redis ----------------------------------------------------------------------------------------


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


# Content --------------------------------------------------------------------------------------


@dataclass
class Content:
    big_host: str
    small_host: str
    hub_path: str
    small_hub_path: str
    article_path: str
    article_title: str
    articles: dict[str, int]
    postgres: str
    timings: list[tuple[str, float, str]] = field(default_factory=list)


def build_content(args, port: int) -> Content:
    """Migrate, build the demo sites, top them up to ``args.articles`` articles, index, collect static files."""
    import django

    django.setup()
    # Production logs every page created and published at INFO; the setup would drown the report.
    logging.disable(logging.INFO)

    from django.core.management import call_command
    from django.db import connection, connections
    from wagtail.models import Site

    from resources.demo.sites import SITES
    from resources.models import ArticlePage, Person, ResourceCategory, ResourcesIndexPage

    timings = []
    with Timer() as timer:
        call_command("migrate", interactive=False, verbosity=0)
    timings.append(("migrate", timer.seconds, ""))

    with Timer() as timer:
        call_command("seed_demo", stdout=io.StringIO())
    demo = ArticlePage.objects.live().count()
    timings.append(("seed_demo: the 2 demo sites", timer.seconds, f"{demo} demo articles, images, settings"))

    big_spec, small_spec = SITES[0], SITES[1]
    sites = {spec.hostname: Site.objects.get(hostname=spec.hostname) for spec in (big_spec, small_spec)}
    hubs = {host: ResourcesIndexPage.objects.child_of(site.root_page).get() for host, site in sites.items()}
    small_total = round(args.articles * args.second_site_share)
    wanted = {big_spec.hostname: args.articles - small_total, small_spec.hostname: small_total}
    writer = Writer(Random(args.seed))  # noqa: S311 - reproducible test data, not cryptography
    categories = list(ResourceCategory.objects.order_by("pk"))
    people = list(Person.objects.order_by("pk"))
    added = []
    with Timer() as timer:
        for host, hub in hubs.items():
            missing = wanted[host] - ArticlePage.objects.live().child_of(hub).count()
            if missing > 0:
                load_articles(hub, missing, writer, categories, people)
            added.append(f"{max(missing, 0):,} on {host}")
    timings.append(("generated articles, in bulk", timer.seconds, " + ".join(added)))

    with Timer() as timer:
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
        # Absolute URLs (canonical, Open Graph, sitemap) point at the server being measured.
        Site.objects.update(port=port)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    timings.append(("update_index, VACUUM ANALYZE", timer.seconds, ""))

    with Timer() as timer:
        call_command("collectstatic", interactive=False, verbosity=0)
    timings.append(("collectstatic (manifest, compressed)", timer.seconds, os.environ["STATIC_ROOT"]))

    counts = {
        host: ArticlePage.objects.live().public().descendant_of(site.root_page).count() for host, site in sites.items()
    }
    if counts != wanted:
        raise SetupError(f"The sites hold {counts} live articles, expected {wanted}.")
    big_site, small_site = sites[big_spec.hostname], sites[small_spec.hostname]
    big_hub = hubs[big_spec.hostname]
    article = (
        ArticlePage.objects.live().child_of(big_hub).filter(slug=ARTICLE_SLUG).first()
        or ArticlePage.objects.live().child_of(big_hub).order_by("-first_published_at").first()
    )
    content = Content(
        big_host=big_spec.hostname,
        small_host=small_spec.hostname,
        hub_path=big_hub.get_url_parts()[2],
        small_hub_path=hubs[small_spec.hostname].get_url_parts()[2],
        article_path=article.get_url_parts()[2],
        article_title=article.title,
        articles=counts,
        postgres=connection.cursor().connection.info.parameter_status("server_version"),
        timings=timings,
    )
    if big_site.root_page_id == small_site.root_page_id:
        raise SetupError("Both demo sites share one home page.")
    connections.close_all()
    return content


# Measuring ------------------------------------------------------------------------------------


@dataclass
class Target:
    label: str
    host: str
    path: str
    expect: int = 200
    cached: bool = False  # counts toward the "cached pages" target
    lighthouse: bool = False
    connections: int | None = None  # wrk connections when not --connections: 1 measures latency without queueing


@dataclass
class Wrk:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int


@dataclass
class Row:
    target: Target
    status: int
    cache_trail: str
    cache: str
    sql_first: str
    sql: str
    html_bytes: int
    gzip_bytes: int
    load: Wrk | None = None


@dataclass
class ServerRun:
    label: str
    cache_seconds: int
    rows: list[Row]
    rss_before: dict[int, int]
    rss_after: dict[int, int]
    log_problems: list[str]
    lighthouse: list[dict] = field(default_factory=list)

    @property
    def baseline(self) -> Row:
        return self.rows[0]


CACHE_LETTERS = {"hit": "h", "miss": "m", "bypass": "b", None: "—"}
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def parse_wrk(output: str) -> Wrk:
    def find(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            if default is None:
                raise SetupError(f"Cannot read wrk's output ({pattern!r} not found):\n{output}")
            return default
        return match.group(1)

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Wrk(
        rps=float(find(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=milliseconds(find(r"^\s+50%\s+(\S+)")),
        p99_ms=milliseconds(find(r"^\s+99%\s+(\S+)")),
        requests=int(find(r"^\s+(\d+) requests in")),
        non_2xx=int(find(r"Non-2xx or 3xx responses: (\d+)", "0")),
        socket_errors=sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    )


def run_wrk(port: int, target: Target, seconds: int, args) -> Wrk:
    connections = target.connections or args.connections
    command = [
        "wrk",
        "--latency",
        f"-t{min(args.threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-H",
        f"Host: {target.host}:{port}",
        f"http://127.0.0.1:{port}{target.path}",
    ]
    result = run_quietly(command, timeout=seconds + 60)
    if result.returncode != 0:
        raise SetupError(f"wrk failed on {target.path}: {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)


def worker_rss(master: int) -> dict[int, int]:
    """VmRSS in kB of each child of the gunicorn master, by pid."""
    workers = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            # Field 4 of stat is the parent's pid; the command name before it may hold spaces.
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent != master:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    workers[int(entry.name)] = int(line.split()[1])
    return workers


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], port: int, workers: int, log_path: Path, recycle: bool):
    """gunicorn with the project's gunicorn.conf.py on 127.0.0.1:``port``, until every worker is up."""
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--config", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}"]
    if not recycle:
        command += ["--max-requests", "0"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise SetupError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
                with contextlib.suppress(OSError):
                    if fetch(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200 and (
                        len(worker_rss(process.pid)) >= workers
                    ):
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


def get(port: int, target: Target):
    return fetch(f"http://127.0.0.1:{port}{target.path}", headers={"Host": f"{target.host}:{port}"}, timeout=30)


def probe(port: int, target: Target, requests: int = 3) -> Row:
    """The first requests to a fresh server, one after another: how the page cache fills."""
    responses = [get(port, target) for _ in range(requests)]
    row = Row(
        target=target,
        status=responses[-1].status,
        cache_trail=" ".join(CACHE_LETTERS.get(r.headers.get("X-Page-Cache"), "?") for r in responses),
        cache="",
        sql_first=responses[0].headers.get("X-SQL-Queries", "?"),
        sql="",
        html_bytes=0,
        gzip_bytes=0,
    )
    settle(port, row, responses[-1])
    return row


def settle(port: int, row: Row, response=None) -> None:
    """Record what the load will meet: status, X-Page-Cache, SQL and size of one request after the warm-up."""
    response = response or get(port, row.target)
    row.status = response.status
    row.cache = response.headers.get("X-Page-Cache", "—")
    row.sql = response.headers.get("X-SQL-Queries", "?")
    row.html_bytes = len(response.body)
    row.gzip_bytes = len(gzip.compress(response.body, compresslevel=6, mtime=0))


def log_problems(log_path: Path) -> list[str]:
    """Lines of the server's log that speak of an error (tracebacks, 5xx, worker timeouts)."""
    problems = []
    for line in log_path.read_text(errors="replace").splitlines():
        if re.search(r"Traceback|\bERROR\b|CRITICAL|WORKER TIMEOUT|Worker \(pid:\d+\) was sent", line) or re.search(
            r'" 5\d\d \d', line
        ):
            problems.append(line.strip()[:160])
    return problems


def measure_server(
    label: str, cache_seconds: int, targets: list[Target], context: dict, args, *, score: bool = False
) -> ServerRun:
    port, cache = context["port"], context["cache"]
    environment = {**context["environment"], "PAGE_CACHE_SECONDS": str(cache_seconds)}
    log_path = context["folder"] / f"gunicorn-cache-{cache_seconds}.log"
    cache.flush()
    print(f"\n{label} (PAGE_CACHE_SECONDS={cache_seconds}; Redis flushed first)", flush=True)
    with gunicorn(environment, port, args.workers, log_path, args.recycle_workers) as process:
        workers = sorted(worker_rss(process.pid))
        print(f"  gunicorn master {process.pid}, workers {', '.join(map(str, workers))}", flush=True)
        rows = [probe(port, target) for target in targets]
        for row in rows:
            if row.status != row.target.expect:
                print(f"  ! {row.target.label}: HTTP {row.status}, expected {row.target.expect}", flush=True)
        if args.warm_up > 0:
            for row in rows:
                run_wrk(port, row.target, args.warm_up, args)
                settle(port, row)
        rss_before = worker_rss(process.pid)
        for row in rows:
            row.load = run_wrk(port, row.target, args.duration, args)
            print(
                f"  {row.target.label:<28} {row.load.rps:9.1f} req/s   p50 {row.load.p50_ms:7.2f} ms"
                f"   p99 {row.load.p99_ms:8.2f} ms   X-Page-Cache {row.cache}",
                flush=True,
            )
        rss_after = worker_rss(process.pid)
        run = ServerRun(label, cache_seconds, rows, rss_before, rss_after, [])
        if score and context["lighthouse"]:
            for target in targets:
                if target.lighthouse:
                    run.lighthouse.append(lighthouse(target, port, context))
    run.log_problems = log_problems(log_path)
    return run


# Lighthouse -----------------------------------------------------------------------------------


def lighthouse(target: Target, port: int, context: dict) -> dict:
    """Lighthouse's default (mobile) run on one page: the four category scores and what keeps them below 100."""
    url = f"http://{target.host}:{port}{target.path}"
    output = context["folder"] / f"lighthouse-{re.sub(r'[^a-z0-9]+', '-', target.label)}.json"
    command = [
        str(context["lighthouse"]),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--no-enable-error-reporting",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    environment = {**os.environ, "CHROME_PATH": context["chromium"]}
    with Timer() as timer:
        result = run_quietly(command, env=environment, timeout=300)
    if result.returncode != 0 or not output.exists():
        problem = (result.stderr or result.stdout).strip().splitlines()[-3:]
        print(f"  Lighthouse {target.label}: failed ({' / '.join(problem)})", flush=True)
        return {"target": target, "url": url, "error": " / ".join(problem) or f"exit {result.returncode}"}
    report = json.loads(output.read_text())
    scores = {}
    for key, _ in LIGHTHOUSE_CATEGORIES:
        score = report["categories"].get(key, {}).get("score")
        scores[key] = None if score is None else round(score * 100)
    figures = " ".join(f"{scores[key] if scores[key] is not None else '?'}" for key, _ in LIGHTHOUSE_CATEGORIES)
    print(f"  Lighthouse {target.label:<10} {figures}   ({timer.seconds:.0f} s)", flush=True)
    metrics = [
        report["audits"][name].get("displayValue", "?")
        for name in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
        )
        if name in report["audits"]
    ]
    return {
        "target": target,
        "url": url,
        "scores": scores,
        "metrics": metrics,
        "failing": {key: failing_audits(report, key) for key, _ in LIGHTHOUSE_CATEGORIES if scores[key] != 100},
        "warnings": report.get("runWarnings", []),
        "error": (report.get("runtimeError") or {}).get("message"),
    }


def failing_audits(report: dict, category: str, limit: int = 5) -> list[tuple[str, list[str]]]:
    """The audits that cost a category points, heaviest first (weighted ones below 1, others below 0.9),
    each with the first elements or files it names."""
    found = []
    for reference in report["categories"].get(category, {}).get("auditRefs", []):
        audit = report["audits"].get(reference["id"], {})
        score = audit.get("score")
        if score is None or audit.get("scoreDisplayMode") in ("notApplicable", "informative", "manual"):
            continue
        weight = reference.get("weight", 0)
        if score < 1 if weight else score < 0.9:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            items = (audit.get("details") or {}).get("items")
            items = [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
            found.append((-weight, score, f"{audit.get('title', reference['id'])}{value}", items))
    found.sort(key=lambda entry: entry[:2])
    described = []
    for _, _, title, items in found[:limit]:
        lines = list(dict.fromkeys(line for line in map(describe_item, items) if line))  # unique, in order
        described.append((title, lines[:2]))
    return described


def describe_item(item: dict) -> str:
    """One line about an element or file an audit names: selector, file path, sizes, axe's explanation."""
    node = item.get("node") if isinstance(item.get("node"), dict) else {}
    parts = [node.get("selector", "")]
    if isinstance(item.get("url"), str):
        parts.append(urlsplit(item["url"]).path)
    sizes = [f"{label} {item[key]}" for key, label in IMAGE_SIZES if key in item]
    explanation = node.get("explanation", "").split("\n")
    parts += [", ".join(sizes), explanation[-1].strip()]
    return ": ".join(part for part in parts if part)[:220]


# Report ---------------------------------------------------------------------------------------


def mib(kilobytes: int) -> str:
    return f"{kilobytes / 1024:.1f}"


def ratio(row: Row, run: ServerRun) -> float | None:
    """req/s as a share of the baseline's on the same server; None for rows loaded with other concurrency."""
    if row.target.connections or not run.baseline.load.rps:
        return None
    return row.load.rps / run.baseline.load.rps


def print_table(runs: list[ServerRun], args) -> None:
    print()
    print(
        f"Results: wrk -c{args.connections} -d{args.duration}s on each URL unless marked;"
        " ratio = req/s ÷ the baseline's req/s on the same server"
    )
    print(
        f"  {'page':<28} {'1st 3':>5} {'cache':>6} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>8} {'SQL':>4}"
        f" {'SQL 1st':>7} {'HTML B':>7} {'gzip B':>6} {'ratio':>5} {'non-2xx':>8}"
    )
    for run in runs:
        print(f"  {run.label} (PAGE_CACHE_SECONDS={run.cache_seconds})")
        for row in run.rows:
            load = row.load
            share = ratio(row, run)
            non_2xx = f"{load.non_2xx:,}" + (" exp." if row.target.expect != 200 and load.non_2xx else "")
            if load.socket_errors:
                non_2xx += f" +{load.socket_errors} sock"
            status = "" if row.status == row.target.expect else f"  HTTP {row.status}!"
            print(
                f"    {row.target.label:<26} {row.cache_trail:>5} {row.cache:>6} {load.rps:>8.1f} {load.p50_ms:>7.2f}"
                f" {load.p99_ms:>8.2f} {row.sql:>4} {row.sql_first:>7} {row.html_bytes:>7,} {row.gzip_bytes:>6,}"
                f" {'—' if share is None else f'{share:.2f}':>5} {non_2xx:>8}{status}"
            )
    print(
        "  1st 3 = X-Page-Cache on the first 3 requests to the fresh server (h hit, m miss, b bypass, — no header:"
        " page cache off); cache = X-Page-Cache and SQL = statements (X-SQL-Queries, counted in the worker) on a"
        " request right before the load; SQL 1st = on the very first request, with an empty Redis."
    )
    print("  HTML B = body bytes as served (no compression by the app); gzip B = the same body gzipped -6 here.")
    print("  404 row: every response is a 404 by design (exp.).")


def print_memory(runs: list[ServerRun]) -> None:
    print()
    print("gunicorn worker memory (VmRSS, MiB), after the warm-up and after the last wrk run")
    for run in runs:
        for pid, before in sorted(run.rss_before.items()):
            after = run.rss_after.get(pid)
            if after is None:
                print(f"  {run.label:<16} pid {pid:<8} before {mib(before):>6}   after  gone (replaced or crashed)")
                continue
            growth = (after - before) / before
            print(f"  {run.label:<16} pid {pid:<8} before {mib(before):>6}   after {mib(after):>6}   {growth:+6.1%}")
        for pid in sorted(set(run.rss_after) - set(run.rss_before)):
            print(f"  {run.label:<16} pid {pid:<8} new worker started during the run: {mib(run.rss_after[pid])}")


def print_lighthouse(results: list[dict]) -> None:
    print()
    print("Lighthouse, mobile (default config: emulated Moto G Power, simulated slow 4G and 4× CPU slowdown)")
    print(f"  {'page':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'SEO':>5}   FCP, LCP, TBT, CLS   url")
    for result in results:
        label = result["target"].label
        if "scores" not in result:
            print(f"  {label:<10} failed: {result['error']}   {result['url']}")
            continue
        scores = "".join(
            f"{result['scores'][key] if result['scores'][key] is not None else '?':>6}"
            for key, _ in LIGHTHOUSE_CATEGORIES
        )
        print(f"  {label:<10}{scores}   {', '.join(result['metrics'])}   {result['url']}")
    for result in results:
        for key, title in LIGHTHOUSE_CATEGORIES:
            for audit, items in result.get("failing", {}).get(key, []):
                print(f"  {result['target'].label}, {title} below 100: {audit}")
                for item in items:
                    print(f"      {item}")
        for warning in result.get("warnings", []):
            warning = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", warning)  # Markdown links: their text only
            print(f"  {result['target'].label}, Lighthouse warning: {warning[:200]}")
        if result.get("error") and "scores" in result:
            print(f"  {result['target'].label}, Lighthouse runtime error: {result['error']}")


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def print_targets(runs: list[ServerRun], lighthouse_results: list[dict], args) -> None:
    cached_run, uncached_run = runs
    print()
    print("Targets")
    cached = [row for row in cached_run.rows if row.target.cached]
    ratios = [(ratio(row, cached_run) or 0.0, row) for row in cached]
    worst_ratio, worst = min(ratios, key=lambda pair: pair[0])
    missed = [row.target.label for row in cached if row.cache != "hit"]
    note = f"; not served from the page cache (X-Page-Cache other than hit): {', '.join(missed)}" if missed else ""
    print(
        f"  {verdict(worst_ratio >= TARGET_CACHED_RATIO and not missed)}  cached pages at ≥ {TARGET_CACHED_RATIO:.0%}"
        f" of the baseline's req/s: lowest {worst.target.label} at {worst_ratio:.0%}{note}"
    )
    single = next(row for row in uncached_run.rows if row.target.connections == 1)
    loaded = next(row for row in uncached_run.rows if row.target.path == single.target.path and row is not single)
    print(
        f"  {verdict(0 < single.load.p50_ms <= TARGET_UNCACHED_ARTICLE_P50_MS)}  uncached article p50 ≤"
        f" {TARGET_UNCACHED_ARTICLE_P50_MS:.0f} ms: {single.load.p50_ms:.1f} ms with 1 connection (one request at a"
        f" time, no queueing); {loaded.load.p50_ms:.1f} ms with {args.connections} connections on {args.workers}"
        " workers (mostly waiting for a free worker)"
    )
    growths = []
    replaced = False
    for run in runs:
        for pid, before in run.rss_before.items():
            if pid in run.rss_after:
                growths.append(((run.rss_after[pid] - before) / before, run.label, pid))
            else:
                replaced = True
        replaced = replaced or bool(set(run.rss_after) - set(run.rss_before))
    growth, label, pid = max(growths) if growths else (0.0, "?", 0)
    extra = "; some workers were replaced during a run, so their growth is unknown" if replaced else ""
    if args.recycle_workers:
        extra += " (--recycle-workers: gunicorn.conf.py's max_requests restarts workers)"
    print(
        f"  {verdict(bool(growths) and growth < TARGET_RSS_GROWTH and not replaced)}  worker RSS growth under"
        f" {TARGET_RSS_GROWTH:.0%} over each run: largest {growth:+.1%} ({label}, pid {pid}){extra}"
    )
    hits = [row for row in cached if row.cache == "hit"]
    if hits:
        with_sql = [f"{row.target.label} ({row.sql})" for row in hits if row.sql != "0"]
        print(
            f"  {verdict(not with_sql)}  page cache hits run no SQL: "
            + (f"{len(hits)} of {len(hits)} hits at 0" if not with_sql else "SQL on " + ", ".join(with_sql))
        )
    wrong = [
        f"{row.target.label} ({run.label}): HTTP {row.status}, expected {row.target.expect}"
        for run in runs
        for row in run.rows
        if row.status != row.target.expect or (row.target.expect == 200 and row.load.non_2xx) or row.load.socket_errors
    ]
    print(f"  {verdict(not wrong)}  every response as expected" + (": " + "; ".join(wrong) if wrong else ""))
    if lighthouse_results:
        below = []
        for result in lighthouse_results:
            if "scores" not in result:
                below.append(f"{result['target'].label} (failed)")
                continue
            below += [
                f"{result['target'].label} {title} {result['scores'][key]}"
                for key, title in LIGHTHOUSE_CATEGORIES
                if result["scores"][key] != 100
            ]
        print(
            f"  {verdict(not below)}  Lighthouse 100 in all four categories on home, hub and article"
            + (": below 100: " + ", ".join(below) if below else "")
        )
    else:
        print("  ----  Lighthouse not run (--no-lighthouse)")
    for run in runs:
        if run.log_problems:
            print(f"  note: the gunicorn log of '{run.label}' has {len(run.log_problems)} error lines, e.g.:")
            for line in run.log_problems[:3]:
                print(f"        {line}")


def configured_max_requests() -> int:
    """gunicorn.conf.py's max_requests (0 when it sets none)."""
    match = re.search(r"^max_requests\s*=\s*(\d+)", (PROJECT_DIR / "gunicorn.conf.py").read_text(), re.MULTILINE)
    return int(match.group(1)) if match else 0


# Main -----------------------------------------------------------------------------------------


def targets_for(content: Content) -> tuple[list[Target], list[Target]]:
    big, small = content.big_host, content.small_host
    cached = [
        Target("baseline", big, "/__baseline__/"),
        Target("home", big, "/", cached=True, lighthouse=True),
        Target(f"home ({small})", small, "/", cached=True),
        Target("hub", big, content.hub_path, cached=True, lighthouse=True),
        Target("hub page 5", big, f"{content.hub_path}?page=5", cached=True),
        Target("article", big, content.article_path, cached=True, lighthouse=True),
        Target("search", big, "/search/?q=ketamine"),
        Target("404", big, MISSING_PATH, expect=404),
    ]
    uncached = [
        Target("baseline", big, "/__baseline__/"),
        Target("article (uncached)", big, content.article_path),
        Target("article (uncached, c=1)", big, content.article_path, connections=1),
        Target("home (uncached)", big, "/"),
        Target("hub (uncached)", big, content.hub_path),
    ]
    return cached, uncached


def run(args, server: str, name: str, folder: Path) -> None:
    import django
    import wagtail

    port = free_port()
    cache = prepare_redis(args.redis, folder)
    context = {"port": port, "cache": cache, "folder": folder, "lighthouse": None, "chromium": None}
    try:
        wrk = ensure_debian_package("wrk", "wrk")
        if not args.no_lighthouse:
            context["chromium"] = ensure_debian_package("chromium", "chromium")
            context["lighthouse"], lighthouse_version = ensure_lighthouse()
        environment = clean_environment(
            DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
            DATABASE_URL=database_url(server, name),
            REDIS_URL=cache.url,
            SECRET_KEY=secrets.token_urlsafe(50),
            DEBUG="0",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            ALLOWED_HOSTS="localhost,nj.localhost,127.0.0.1",
            STATIC_ROOT=str(folder / "static"),
            MEDIA_ROOT=str(folder / "media"),
            WEB_CONCURRENCY=str(args.workers),
            PORT=str(port),
        )
        context["environment"] = environment
        os.environ.update(environment)

        print("Site benchmark")
        print(f"  machine        {machine_description()}")
        software = [
            f"Python {platform.python_version()}",
            f"Django {django.get_version()}",
            f"Wagtail {wagtail.__version__}",
            tool_version([sys.executable, "-m", "gunicorn", "--version"]),
            tool_version([wrk, "--version"]).split(" [")[0],
        ]
        if context["lighthouse"]:
            software += [tool_version([context["chromium"], "--version"]), f"Lighthouse {lighthouse_version}"]
        print(f"  software       {', '.join(software)}")
        print(f"  database       {name} ({'kept' if args.keep else 'dropped at the end'})")
        print(
            f"  cache          {cache.description}, db flushed before each server start and at the end;"
            f" the {args.workers} workers share it (REDIS_URL)"
        )
        recycling = (
            f"worker recycling as configured (max_requests={configured_max_requests()})"
            if args.recycle_workers
            else f"worker recycling off (--max-requests 0; gunicorn.conf.py has {configured_max_requests()})"
        )
        print(
            f"  server         gunicorn -c gunicorn.conf.py -b 127.0.0.1:{port}, {args.workers} sync workers,"
            f" {recycling}; settings {SETTINGS_MODULE}, DEBUG off"
        )
        print(
            f"  load           wrk --latency -t{args.threads} -c{args.connections} -d{args.duration}s per URL,"
            f" after {args.warm_up} s of warm-up per URL; /__baseline__/ is a tiny fixed HttpResponse"
            " (benchmarks/urls.py) through the whole middleware stack"
        )
        print()
        print("Setup", flush=True)
        content = build_content(args, port)
        for label, seconds, detail in content.timings:
            print(f"  {label:<38} {seconds:6.1f} s   {detail}")
        total = sum(content.articles.values())
        per_site = ", ".join(f"{host} {count:,}" for host, count in content.articles.items())
        print(f"  {total:,} live articles: {per_site}; measured article: {content.article_title!r}")
        print(f"  PostgreSQL {content.postgres}", flush=True)
    except Exception:
        cache.stop()
        raise

    try:
        cached_targets, uncached_targets = targets_for(content)
        runs = [
            measure_server("page cache on", CACHE_SECONDS, cached_targets, context, args, score=True),
            measure_server("page cache off", 0, uncached_targets, context, args),
        ]
    finally:
        cache.stop()

    print_table(runs, args)
    print("  URLs: " + "; ".join(f"{t.label} http://{t.host}:{port}{t.path}" for t in cached_targets[1:]))
    print_memory(runs)
    lighthouse_results = runs[0].lighthouse
    if lighthouse_results:
        print_lighthouse(lighthouse_results)
    print_targets(runs, lighthouse_results, args)
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
        for path in [*folder.glob("lighthouse-*.json"), *folder.glob("gunicorn-*.log")]:
            shutil.copy2(path, args.reports / path.name)
        print(f"  Lighthouse reports and gunicorn logs copied to {args.reports}")
    requests = sum(row.load.requests for run in runs for row in run.rows)
    max_requests = configured_max_requests()
    if not args.recycle_workers and max_requests:
        print(
            f"  note: {requests:,} timed requests in all; with gunicorn.conf.py's max_requests={max_requests}, each of"
            f" the {args.workers} workers would have been restarted about {requests // args.workers // max_requests}"
            " times (each restart loads Django and Wagtail afresh)"
        )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="live articles over the 2 sites (default 1000)")
    parser.add_argument(
        "--second-site-share", type=float, default=0.3, help="share of the articles on the second site (default 0.3)"
    )
    parser.add_argument("--duration", type=int, default=5, help="whole seconds of wrk load per URL (default 5)")
    parser.add_argument("--warm-up", type=int, default=1, help="whole seconds of untimed load per URL (default 1)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, WEB_CONCURRENCY (default 2)")
    parser.add_argument("--redis", default=DEFAULT_REDIS, help=f"Redis for the shared cache (default {DEFAULT_REDIS})")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated articles (default 7)")
    parser.add_argument(
        "--server",
        help=f"PostgreSQL server URL without a database (default: DATABASE_URL's server, else {DEFAULT_SERVER})",
    )
    parser.add_argument("--keep", action="store_true", help="keep the throw-away database afterwards")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (and the chromium install)")
    parser.add_argument(
        "--reports", type=Path, help="copy Lighthouse's JSON reports and the gunicorn logs into this folder"
    )
    parser.add_argument(
        "--recycle-workers",
        action="store_true",
        help="keep gunicorn.conf.py's max_requests (by default the benchmark turns worker recycling off so RSS"
        " growth over the run can be measured)",
    )
    args = parser.parse_args(argv)
    if args.articles < 100 or not 0 < args.second_site_share < 1:
        parser.error("--articles must be at least 100 and --second-site-share between 0 and 1")
    if args.duration <= 0 or args.warm_up < 0 or args.threads < 1 or args.connections < args.threads:
        parser.error("--duration must be positive, --threads at least 1 and --connections at least --threads")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    server = server_from(args.server or os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    try:
        name = create_database(server)
    except Exception as error:
        print(f"Setup failed: cannot create a database on {server}: {error}", file=sys.stderr)
        return 1

    os.chdir(PROJECT_DIR)
    status = 0
    with tempfile.TemporaryDirectory(prefix="cms-site-bench-") as folder:
        try:
            run(args, server, name, Path(folder))
        except SetupError as error:
            print(f"Setup failed: {error}", file=sys.stderr)
            status = 1
        except Exception:
            traceback.print_exc()
            print("Setup failed: see the error above.", file=sys.stderr)
            status = 1
        finally:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            if args.keep:
                print(f"\nKept the database: {database_url(server, name)}")
            else:
                drop_database(server, name)
    return status


if __name__ == "__main__":
    sys.exit(main())
