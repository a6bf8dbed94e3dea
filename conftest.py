import io
import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Site

from cms.cache_breaker import breaker
from cms.site_cache import forget_process_memories

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` are about PostgreSQL itself: the SQLite run leaves them out, the
    PostgreSQL run (make test-postgres) runs them."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    left_out = [item for item in items if item.get_closest_marker("postgres")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    """Images a test uploads go to a folder of its own that pytest cleans up, never the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: no page cached by an earlier test (the page cache is on
    in tests), no site root paths or renditions of rows an earlier test rolled back, and no sites or
    site settings remembered by the process, nor Redis skipped after an earlier test's failure."""
    cache.clear()
    forget_process_memories()
    breaker.reset()


@pytest.fixture
def demo_site(db):
    """The demo site exactly as ``make run`` builds it."""
    call_command("seed_demo", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@pytest.fixture(scope="session", autouse=True)
def _browser_before_database(request):
    """Start chromium before the test database exists when browser tests are selected.

    Playwright's sync API switches greenlets, and with them the context in which
    Django keeps its connections. Started first, every test sees the connection
    that holds the test database's serialized state (used by serialized_rollback).
    """
    if any(item.get_closest_marker("browser") for item in request.session.items):
        request.getfixturevalue("chromium")


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls
    # the tests make around it are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is not installed: run `make browser` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
