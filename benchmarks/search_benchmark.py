#!/usr/bin/env python
"""Search benchmark: latency and SQL query count of /search/ and /search/suggest/ on PostgreSQL.

Creates a throw-away PostgreSQL database, loads generated articles into one big
site (plus a small second site, so site scoping is exercised), builds the search
index, runs a fixed list of queries through the real views and prints
p50/p95/p99/max latency and the SQL queries per request. It prints a report and
exits 0 whatever the figures say; it exits 1 only when setup fails.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms_bench \\
        .venv/bin/python benchmarks/search_benchmark.py [--articles 10000] [--queries 200] [--keep]

The database named in DATABASE_URL is never touched: only its server is used,
to create (and afterwards drop) a database called cms_bench_<random>.
"""

import argparse
import contextlib
import io
import logging
import math
import os
import platform
import re
import sys
import time
from pathlib import Path
from random import Random

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Run as a script or as a module, the shared helpers are importable as benchmarks.*.
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.database import (  # noqa: E402
    DEFAULT_SERVER,
    Timer,
    load_articles,
    machine_description,
    run_in_throwaway_database,
    server_from,
)
from benchmarks.search_corpus import (  # noqa: E402
    AUTHORS,
    CATEGORIES,
    QUERY_MIX,
    SMALL_SITE_MARKER,
    Writer,
    make_queries,
)

SETTINGS_MODULE = "cms.settings.test"
TARGET_P95_MS = 50.0
BIG_HOST = "localhost"
SMALL_HOST = "other.localhost"
SAMPLED_FOR_QUERY_COUNT = 20
# "12 results", or "More than 1,000 results" once the view stops counting.
RESULT_COUNT = re.compile(rb'search-page__count" role="status">(?:More than )?([\d,]+) result')


# Content --------------------------------------------------------------------------------------


def build_sites(rng: Random):
    from resources.tests.builders import make_category, make_person, make_site

    big_site, _, big_hub = make_site(hostname=BIG_HOST, title="Harborlight Health")
    small_site, _, small_hub = make_site(hostname=SMALL_HOST, title="Garden State Care", default=False)
    # The big site's; the small site's articles use them too (set in code, which no form checks).
    categories = [make_category(name, order, site=big_site) for order, name in enumerate(CATEGORIES)]
    authors = [make_person(name, role, site=big_site) for name, role in AUTHORS]
    rng.shuffle(authors)
    return big_site, big_hub, small_site, small_hub, categories, authors


def build_index() -> tuple[int, str]:
    from django.core.management import call_command
    from django.db import connection

    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    with connection.cursor() as cursor:
        # As the README says after a bulk load: VACUUM merges the GIN indexes' pending
        # entries (autovacuum would, later), ANALYZE gives the planner statistics.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('wagtailsearch_indexentry'))"
            " FROM wagtailsearch_indexentry"
        )
        entries, size = cursor.fetchone()
    return entries, size


def check_content(big_site, small_site, articles: int, small_articles: int) -> list[str]:
    """Problems with the loaded tree, or with scoping; an empty list when all is well."""
    from django.test import RequestFactory
    from wagtail.models import Page

    from resources.models import ArticlePage
    from search import views

    problems = []
    if any(Page.find_problems()):
        problems.append(f"treebeard reports problems in the page tree: {Page.find_problems()}")
    for site, expected in ((big_site, articles), (small_site, small_articles)):
        found = ArticlePage.objects.live().public().descendant_of(site.root_page).count()
        if found != expected:
            problems.append(f"{site.hostname} has {found} live public articles, expected {expected}")
    factory = RequestFactory()
    for host, expected in ((BIG_HOST, 0), (SMALL_HOST, small_articles)):
        response = views.search(factory.get("/search/", {"q": SMALL_SITE_MARKER}, HTTP_HOST=host))
        found = response.context_data.get("result_count", 0)
        if found != expected:
            problems.append(f"searching {SMALL_SITE_MARKER!r} on {host} found {found}, expected {expected}")
    return problems


# Measuring ------------------------------------------------------------------------------------


class CountingHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: dict[str, int] = {}

    def emit(self, record):
        message = record.getMessage().split("\n")[0][:100]
        self.messages[message] = self.messages.get(message, 0) + 1


@contextlib.contextmanager
def quiet_logs(*names):
    """Count the views' warnings (refused queries, 4xx) instead of printing their tracebacks."""
    handler = CountingHandler()
    loggers = [logging.getLogger(name) for name in names]
    saved = [(logger.propagate, logger.handlers[:]) for logger in loggers]
    for logger in loggers:
        logger.handlers = [handler]
        logger.propagate = False
    try:
        yield handler
    finally:
        for logger, (propagate, handlers) in zip(loggers, saved, strict=True):
            logger.handlers = handlers
            logger.propagate = propagate


def time_requests(client, path: str, queries: list[tuple[str, str]]) -> list[dict]:
    timings = []
    for kind, text in queries:
        started = time.perf_counter()
        response = client.get(path, {"q": text})
        elapsed_ms = (time.perf_counter() - started) * 1000
        match = RESULT_COUNT.search(response.content) if path == "/search/" else None
        if path == "/search/suggest/" and response.status_code == 200:
            results = len(response.json()["results"])
        else:
            results = int(match.group(1).replace(b",", b"")) if match else 0
        timings.append({"kind": kind, "q": text, "ms": elapsed_ms, "status": response.status_code, "hits": results})
    return timings


def count_queries(client, path: str, queries: list[tuple[str, str]]) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for kind, text in queries:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            client.get(path, {"q": text})
        wall_ms = (time.perf_counter() - started) * 1000
        counts.append(
            {"kind": kind, "q": text, "queries": len(captured), "sql": captured.captured_queries, "wall_ms": wall_ms}
        )
    return counts


def statement_kind(statement: str) -> str:
    if "@@" not in statement:
        return "everything else"
    if "ts_rank" in statement:
        return "page of ranked results (ts_rank)"
    if "GROUP BY" in statement:
        return "category facet counts"
    if "COUNT(" in statement:
        return "count of matches"
    return "other full-text statements"


def print_sql_time(counts: list[dict]) -> None:
    """Where a /search/ request spends its SQL time, by kind of statement."""
    kinds: dict[str, list[float]] = {}
    for count in counts:
        per_request: dict[str, float] = {}
        for captured in count["sql"]:
            kind = statement_kind(captured["sql"])
            per_request[kind] = per_request.get(kind, 0.0) + float(captured["time"]) * 1000
        for kind, ms in per_request.items():
            kinds.setdefault(kind, []).append(ms)
        statements = sum(1 for captured in count["sql"] if statement_kind(captured["sql"]) == "everything else")
        kinds.setdefault("(statements in 'everything else')", []).append(statements)
    total = sum(count["wall_ms"] for count in counts) / len(counts)
    print(f"  SQL time of /search/ by statement, ms per request (sample; mean wall time {total:.1f} ms):")
    for kind, values in kinds.items():
        if kind.startswith("("):
            continue
        mean = sum(values) / len(counts)
        print(f"    {kind:<34} mean {mean:7.1f}   max {max(values):7.1f}   in {len(values)} of {len(counts)}")


def forget_queries() -> None:
    """Forget the query strings the view has recorded (search promotions' hits, unanswered searches)."""
    from wagtail.contrib.search_promotions.models import Query

    from search.models import UnansweredSearch

    Query.objects.all().delete()
    UnansweredSearch.objects.all().delete()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def latency_row(label: str, values: list[float]) -> str:
    figures = [percentile(values, share) for share in (0.50, 0.95, 0.99)] + [max(values), sum(values) / len(values)]
    return f"  {label:<22}" + "".join(f"{figure:>8.1f}" for figure in figures) + f"{len(values):>7}"


# Report ---------------------------------------------------------------------------------------


def short(text: str, width: int = 48) -> str:
    text = repr(text)[1:-1]
    return text if len(text) <= width else text[: width - 1] + "…"


def run(args, database_name: str) -> None:
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    # Django logs every SQL statement while DEBUG is on; the timings must not pay for that.
    settings.DEBUG = False
    # One client sends every query: measure search, not the per-address rate limit on suggestions.
    settings.RATELIMIT_ENABLE = False
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    rng = Random(args.seed)  # noqa: S311 - reproducible test data, not cryptography
    writer = Writer(rng)

    print("Search benchmark")
    print(f"  machine        {machine_description()}")
    print(f"  PostgreSQL     {connection.cursor().connection.info.parameter_status('server_version')}")
    print(f"  software       Python {platform.python_version()}, Django {django.get_version()}, ", end="")
    import wagtail

    print(f"Wagtail {wagtail.__version__}; settings {settings.SETTINGS_MODULE}, DEBUG={settings.DEBUG}")
    print(f"  database       {database_name} ({'kept' if args.keep else 'dropped at the end'})")
    print()
    print("Setup", flush=True)
    with Timer() as timer:
        call_command("migrate", interactive=False, verbosity=0)
    print(f"  migrate                               {timer.seconds:7.1f} s", flush=True)

    with Timer() as timer:
        big_site, big_hub, small_site, small_hub, categories, authors = build_sites(rng)
        words = load_articles(big_hub, args.articles, writer, categories, authors)
        load_articles(small_hub, args.small_site_articles, writer, categories, authors, (SMALL_SITE_MARKER,))
    print(
        f"  load {args.articles:,} + {args.small_site_articles:,} articles, 2 sites    {timer.seconds:7.1f} s"
        f"   big site: {words / args.articles:.0f} words an article on average",
        flush=True,
    )

    with Timer() as timer:
        entries, size = build_index()
    print(
        f"  update_index, VACUUM ANALYZE          {timer.seconds:7.1f} s   {entries:,} entries, {size}",
        flush=True,
    )

    problems = check_content(big_site, small_site, args.articles, args.small_site_articles)
    if problems:
        raise RuntimeError("Setup produced the wrong content: " + "; ".join(problems))
    print(f"  checks: page tree sound; {SMALL_SITE_MARKER!r} found only on {SMALL_HOST} (site scoping holds)")
    print()

    queries = make_queries(args.queries, args.seed)
    warm_up = make_queries(args.warm_up, args.seed + 1)
    client = Client(HTTP_HOST=BIG_HOST)
    with quiet_logs("search", "django.request") as warnings:
        for path in ("/search/", "/search/suggest/"):
            time_requests(client, path, warm_up)
        print(f"Latency on {BIG_HOST}, {len(queries)} queries after {len(warm_up)} warm-up, ms", flush=True)
        searched = time_requests(client, "/search/", queries)
        suggested = time_requests(client, "/search/suggest/", queries)
        step = max(1, len(queries) // SAMPLED_FOR_QUERY_COUNT)
        sample = queries[::step][:SAMPLED_FOR_QUERY_COUNT]
        # Every query string has been seen by now, as on a site that has been up a while; the view
        # also writes a row the first time it sees a query string, so count that case too.
        repeat_counts = count_queries(client, "/search/", sample)
        forget_queries()
        first_counts = count_queries(client, "/search/", sample)
        suggest_counts = count_queries(client, "/search/suggest/", sample)

    print(f"  {'endpoint':<22}" + "".join(f"{h:>8}" for h in ("p50", "p95", "p99", "max", "mean")) + f"{'n':>7}")
    print(latency_row("/search/?q=", [t["ms"] for t in searched]))
    print(latency_row("/search/suggest/?q=", [t["ms"] for t in suggested]))
    print()
    print(f"{'  /search/ by kind of query':<71}{'found':>7}")
    for kind, _ in QUERY_MIX:
        times = [t["ms"] for t in searched if t["kind"] == kind]
        with_hits = sum(1 for t in searched if t["kind"] == kind and t["hits"])
        print(latency_row(f"  {kind}", times) + f"{with_hits:>7}")
    statuses = sorted({t["status"] for t in searched + suggested})
    hits = sorted(t["hits"] for t in searched)
    print(
        f"  responses: HTTP {', '.join(map(str, statuses))}; /search/ found something for "
        f"{sum(1 for h in hits if h)} of {len(hits)} queries (median {hits[len(hits) // 2]:,} results), "
        f"suggest for {sum(1 for t in suggested if t['hits'])}"
    )
    print("  slowest /search/ requests:")
    for timing in sorted(searched, key=lambda t: t["ms"], reverse=True)[:5]:
        print(f"    {timing['ms']:7.1f} ms  {timing['hits']:>6,} results  {timing['kind']:<15} {short(timing['q'])}")
    if warnings.messages:
        print("  warnings logged by the views (counted, not printed):")
        for message, number in sorted(warnings.messages.items(), key=lambda item: -item[1]):
            print(f"    {number:>4} × {message}")
    print()

    print(f"SQL queries per request ({len(sample)} sampled queries, separate pass with query capture)")
    for label, counts in (
        ("/search/?q=", repeat_counts),
        ("  first sighting", first_counts),
        ("/search/suggest/?q=", suggest_counts),
    ):
        numbers = [c["queries"] for c in counts]
        by_kind = {}
        for c in counts:
            by_kind.setdefault(c["kind"], set()).add(c["queries"])
        detail = ", ".join(f"{kind} {'/'.join(map(str, sorted(n)))}" for kind, n in by_kind.items())
        print(f"  {label:<22} min {min(numbers)}, max {max(numbers)}   ({detail})")
    print_sql_time(repeat_counts)
    print()

    p95 = percentile([t["ms"] for t in searched], 0.95)
    verdict = "PASS" if p95 < TARGET_P95_MS else "FAIL"
    print(f"Target: p95 of /search/?q= under {TARGET_P95_MS:.0f} ms with {args.articles:,} articles: {verdict}")
    print(f"  (p95 = {p95:.1f} ms)")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles on the big site (default 10000)")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per endpoint (default 200)")
    parser.add_argument("--warm-up", type=int, default=20, help="untimed queries first (default 20)")
    parser.add_argument("--small-site-articles", type=int, default=300, help="articles on the second site")
    parser.add_argument("--seed", type=int, default=7, help="seed for content and queries (default 7)")
    parser.add_argument(
        "--server",
        help=f"PostgreSQL server URL without a database (default: DATABASE_URL's server, else {DEFAULT_SERVER})",
    )
    parser.add_argument("--keep", action="store_true", help="keep the throw-away database afterwards")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.queries < 1 or args.warm_up < 0 or args.small_site_articles < 1:
        parser.error("--articles, --queries and --small-site-articles must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    server = server_from(args.server or os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    return run_in_throwaway_database(
        lambda name: run(args, name), server=server, settings_module=SETTINGS_MODULE, keep=args.keep
    )


if __name__ == "__main__":
    sys.exit(main())
