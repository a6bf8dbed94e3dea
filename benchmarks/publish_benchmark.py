#!/usr/bin/env python
"""How long an editor waits when publishing an article in the admin: with the slow work done inline (the
search index, the reference index and CDN purges run in the request, as before the task worker) and with
it queued for the worker (as now), on the demo content in a throw-away PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python benchmarks/publish_benchmark.py

Prints p50 and p95 of the admin's publish request for each, and what the worker then spends.
"""

import argparse
import io
import logging
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.database import (  # noqa: E402
    DEFAULT_SERVER,
    machine_description,
    run_in_throwaway_database,
    server_from,
)

SETTINGS_MODULE = "cms.settings.test"
INLINE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUED = {"default": {"BACKEND": "background.backend.QueueBackend"}}


class PurgeRecorder(BaseHTTPRequestHandler):
    """A CDN purge endpoint on this machine that answers at once (a real CDN's API is slower)."""

    def do_PURGE(self):
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):
        pass


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def publish_times(client, article, rounds: int) -> list[float]:
    from django.urls import reverse

    from resources.tests.builders import article_form

    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    times = []
    for n in range(rounds):
        form = article_form(
            article.title,
            slug=article.slug,
            summary=f"Edition {n}: what to do the evening before a session.",
            category=article.category_id or "",
            author=article.author_id or "",
            medical_reviewer=article.medical_reviewer_id or "",
            **{"action-publish": "1"},
        )
        started = time.perf_counter()
        response = client.post(url, form)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            raise RuntimeError(f"Publishing answered {response.status_code}: {response.content[:2000]!r}")
    return times


def run(args) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client, override_settings

    from cms.settings import environment
    from resources.models import ArticlePage

    settings.DEBUG = False
    logging.disable(logging.WARNING)
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ["FRONTEND_CACHE_BACKEND"] = "http"
    os.environ["FRONTEND_CACHE_PURGE_URL"] = f"http://127.0.0.1:{server.server_port}"

    print("Publish benchmark: the admin's publish request, slow work inline and queued")
    print(f"  machine  {machine_description()}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", "--admin-password", "bench-only-password", stdout=io.StringIO())
    admin = get_user_model().objects.get(username="admin")
    client = Client(HTTP_HOST="localhost:8000")
    client.force_login(admin)
    article = ArticlePage.objects.live().filter(featured_image__isnull=False).order_by("pk").first()
    print(f"  article  “{article.title}” ({len(str(article.body))} characters of body), {args.rounds} publishes each")
    print()
    print(f"  {'':34}{'p50':>9}{'p95':>9}")
    frontend_cache = environment.frontend_cache()
    from wagtail.contrib.frontend_cache import signal_handlers

    signal_handlers.register_signal_handlers()
    results = {}
    for label, tasks, prepare in (("inline (before the worker)", INLINE, False), ("queued (now)", QUEUED, True)):
        with override_settings(TASKS=tasks, PREPARE_PUBLISHED_PAGES=prepare, WAGTAILFRONTENDCACHE=frontend_cache):
            publish_times(client, article, 3)  # warm-up
            times = publish_times(client, article, args.rounds)
            results[label] = times
            print(f"  {label:34}{statistics.median(times):7.1f} ms{percentile(times, 0.95):7.1f} ms")
            if tasks is QUEUED:
                started = time.perf_counter()
                call_command("worker", "--batch", "--no-schedule", stdout=io.StringIO())
                spent = (time.perf_counter() - started) * 1000 / (args.rounds + 3)
                print(f"  {'worker, per publish':34}{spent:7.1f} ms (search, references, purges, renditions)")
    inline, queued = (statistics.median(times) for times in results.values())
    print()
    print(f"  The editor waits {inline - queued:.1f} ms less per publish ({queued / inline:.0%} of before).")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    server = server_from(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    return run_in_throwaway_database(
        lambda name: run(args), server=server, settings_module=SETTINGS_MODULE, keep=args.keep
    )


if __name__ == "__main__":
    sys.exit(main())
