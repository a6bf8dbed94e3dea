import os
import uuid
from types import SimpleNamespace

import psycopg
import pytest

from cms.tests.processes import clean_environment, manage
from cms.tests.test_page_cache import with_every_site_setting
from marketing.tests.builders import make_site_settings
from resources.tests.builders import make_article, make_image, make_site

FLORIDA = "localhost"
JERSEY = "jersey.localhost"


@pytest.fixture
def page_cache_off(settings):
    """Every request renders: what a test measures is what a page-cache miss does."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def two_sites(db):
    """Florida (the default site, with a logo and a menu link to its hub, which has an article) and
    New Jersey, each with every setting row, as on a live install."""
    florida, _, hub = make_site(hostname=FLORIDA, title="Harborlight")
    jersey, _, _ = make_site(hostname=JERSEY, title="Garden State", default=False)
    logo = make_image("Harborlight logo", (320, 80))
    make_site_settings(
        florida,
        brand_name="Harborlight Health",
        logo=logo,
        header_links=[("link", {"page": hub, "label": "Resources"})],
    )
    make_site_settings(jersey, brand_name="Garden State Ketamine")
    for site in (florida, jersey):
        with_every_site_setting(site)
    article = make_article(hub, "What to expect")
    return SimpleNamespace(florida=florida, jersey=jersey, hub=hub, article=article, logo=logo)


# The local PostgreSQL server on which the deploy tests make databases of their own.
POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")


@pytest.fixture(scope="module")
def postgres_databases():
    """Make fresh, empty databases on the local server (``make()`` returns a URL); all dropped at the end."""
    made = []

    def make() -> str:
        name = f"cms_deploy_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{POSTGRES_SERVER}/{name}"

    yield make
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        for name in made:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    """A SQLite database with the demo sites, and collected static files, for gunicorn with production settings."""
    folder = tmp_path_factory.mktemp("production")
    env = clean_environment(
        DEBUG="0",
        SECRET_KEY="gunicorn-test-" + uuid.uuid4().hex * 2,
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        WEB_CONCURRENCY="2",
    )
    # The worker's batch does what the deployment's worker would next: the search index, among others.
    steps = (
        ["migrate", "--noinput"],
        ["seed_demo"],
        ["worker", "--batch", "--no-schedule"],
        ["collectstatic", "--noinput"],
    )
    for command in steps:
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    return env
