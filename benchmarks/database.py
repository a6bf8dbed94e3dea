"""What the benchmarks share: a throw-away PostgreSQL database, bulk-loaded articles, timing and the machine.

The database named in a benchmark's DATABASE_URL is never touched: only its
server is used, to create (and afterwards drop) a database called
cms_bench_<random>.
"""

import contextlib
import os
import platform
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks.search_corpus import Writer

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
MAINTENANCE_DATABASE = "postgres"
# Generated articles are dated before this, up to five years back.
PUBLISHED_BEFORE = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


# Databases ------------------------------------------------------------------------------------


def server_from(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"The benchmark needs PostgreSQL; {url!r} is not a postgres:// URL.")
    return urlunsplit(("postgres", parts.netloc, "", parts.query, ""))


def database_url(server: str, name: str) -> str:
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def maintenance_connection(server: str):
    import psycopg

    url = database_url(server, MAINTENANCE_DATABASE).replace("postgres://", "postgresql://", 1)
    return psycopg.connect(url, autocommit=True, connect_timeout=10)


def create_database(server: str, prefix: str = "cms_bench") -> str:
    """A new, empty database named ``<prefix>_<random>`` on ``server``; returns its name."""
    from psycopg import sql

    name = f"{prefix}_{secrets.token_hex(4)}"
    with maintenance_connection(server) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_database(server: str, name: str) -> None:
    from psycopg import sql

    with maintenance_connection(server) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run_in_throwaway_database(run, *, server: str, settings_module: str, keep: bool) -> int:
    """Create a database on ``server``, call ``run(name)`` with Django's settings pointed at it, drop it
    (unless ``keep``); the exit status: 1 when setup or the run failed."""
    import sys
    import traceback

    try:
        name = create_database(server)
    except Exception as error:
        print(f"Setup failed: cannot create a database on {server}: {error}", file=sys.stderr)
        return 1
    os.chdir(Path(__file__).resolve().parent.parent)
    os.environ.update(DATABASE_URL=database_url(server, name), DJANGO_SETTINGS_MODULE=settings_module, DEBUG="0")
    status = 0
    try:
        run(name)
    except Exception:
        traceback.print_exc()
        print("Setup failed: see the error above.", file=sys.stderr)
        status = 1
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if keep:
            print(f"\nKept the database: {database_url(server, name)}")
        else:
            drop_database(server, name)
    return status


# Content --------------------------------------------------------------------------------------


def load_articles(hub, count: int, writer: Writer, categories, authors, extra_words: tuple[str, ...] = ()) -> int:
    """Insert ``count`` live, public articles under ``hub`` in a few bulk statements; answer how many words.

    ``add_child`` costs a dozen queries and a search-index update per page; this
    writes the same rows: treebeard's path, depth and numchild, Wagtail's
    url_path, locale, content type and publication fields, then the
    ArticlePage rows, then the hub's numchild. The search index is built
    afterwards, once, with update_index.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils.text import slugify
    from wagtail.models import Page

    from resources.models import ArticlePage

    hub = Page.objects.get(pk=hub.pk)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    page_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
    rng = writer.rng
    articles = []
    words = 0
    for number in range(1, count + 1):
        title = writer.title()
        if extra_words:
            title = f"{title} {' '.join(extra_words)}"
        slug = f"{slugify(title)[:60]}-{number}"
        published = PUBLISHED_BEFORE - timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        article = ArticlePage(
            title=title,
            draft_title=title,
            slug=slug,
            path=Page._get_path(hub.path, hub.depth + 1, hub.numchild + number),
            depth=hub.depth + 1,
            numchild=0,
            url_path=f"{hub.url_path}{slug}/",
            locale_id=hub.locale_id,
            content_type=content_type,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            summary=writer.summary(),
            body=writer.body(extra_words),
            category=rng.choice(categories),
            author=rng.choice(authors),
            medical_reviewer=rng.choice(authors),
            last_reviewed=published.date(),
        )
        article.reading_time = article.compute_reading_time()
        words += len(title.split()) + len(article.summary.split())
        words += sum(len(text.split()) for text in article.body.stream_block.get_searchable_content(article.body))
        articles.append(article)

    with transaction.atomic():
        pages = Page.objects.bulk_create(
            [Page(**{name: getattr(article, name) for name in page_fields}) for article in articles], batch_size=1000
        )
        for page, article in zip(pages, articles, strict=True):
            article.id = article.page_ptr_id = page.pk
        # bulk_create refuses multi-table models; this is the insert it would make for the child table.
        child_fields = ArticlePage._meta.local_concrete_fields
        for start in range(0, len(articles), 1000):
            ArticlePage._base_manager._insert(articles[start : start + 1000], fields=child_fields)
        Page.objects.filter(pk=hub.pk).update(numchild=hub.numchild + count)
    return words


# Report ---------------------------------------------------------------------------------------


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc_info):
        self.seconds = time.perf_counter() - self.started


def machine_description() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cores = f"{os.cpu_count()} cores" + (f" ({model})" if model else "")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{cores}, {platform.system()} {platform.release()}; load average {load}"
