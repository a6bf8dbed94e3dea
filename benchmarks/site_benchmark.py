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
import logging
import os
import platform
import re
import runpy
import secrets
import shutil
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

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
from benchmarks.servers import gunicorn as serve  # noqa: E402
from benchmarks.site_lighthouse import lighthouse, print_lighthouse  # noqa: E402
from benchmarks.site_results import (  # noqa: E402
    CACHE_LETTERS,
    Row,
    ServerRun,
    Target,
    Wrk,
    print_memory,
    print_table,
    print_targets,
)
from benchmarks.site_tools import (  # noqa: E402
    SetupError,
    ensure_debian_package,
    ensure_lighthouse,
    prepare_redis,
    run_quietly,
    tool_version,
)
from cms.tests.processes import clean_environment, fetch, free_port  # noqa: E402

SETTINGS_MODULE = "benchmarks.settings"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
# The article measured and scored: a demo article with a featured image, tags and related articles.
ARTICLE_SLUG = "what-to-expect-from-at-home-ketamine-therapy"
MISSING_PATH = "/resources/this-page-does-not-exist/"
CACHE_SECONDS = 600


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


def gunicorn(environment: dict[str, str], port: int, workers: int, log_path: Path, recycle: bool):
    """gunicorn with the project's gunicorn.conf.py on 127.0.0.1:``port``, until every worker is up."""
    options = ["--config", "gunicorn.conf.py", *([] if recycle else ["--max-requests", "0"])]
    return serve(environment, port, log_path, options, ready=lambda process: len(worker_rss(process.pid)) >= workers)


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


def configured_max_requests() -> int:
    """gunicorn.conf.py's max_requests (GUNICORN_MAX_REQUESTS, else its default; 0 when it sets none)."""
    return int(runpy.run_path(str(PROJECT_DIR / "gunicorn.conf.py")).get("max_requests", 0))


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
            # wrk searches from one address as fast as it can: no visitor does.
            SEARCH_RATE="100000000/m",
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
