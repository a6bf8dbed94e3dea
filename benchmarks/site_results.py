"""The site benchmark's figures: what was measured, the table, memory and the targets."""

from dataclasses import dataclass, field

from benchmarks.site_lighthouse import LIGHTHOUSE_CATEGORIES

TARGET_CACHED_RATIO = 0.70


TARGET_UNCACHED_ARTICLE_P50_MS = 25.0


TARGET_RSS_GROWTH = 0.10


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
