"""``manage.py backup`` and ``restore`` (``make backup`` / ``make restore``), run as an operator runs them.

The demo sites and a few newsletter subscribers go into a throw-away database
(PostgreSQL on the local server, and a SQLite file); a backup is taken in a
separate process, restored into a fresh database and an empty media folder,
and what a visitor and an editor would see is compared: the pages, the
subscribers and the image files.

Marked ``deploy`` like the Docker tests: these make databases of their own, so
they run once (``make test-sqlite``), not again in the PostgreSQL run.
"""

import concurrent.futures
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from cms.tests.processes import clean_environment, manage

pytestmark = pytest.mark.deploy

SUBSCRIBERS_PER_SITE = 3
ADD_SUBSCRIBERS = f"""
from django.utils import timezone
from wagtail.models import Site
from newsletter.models import Subscriber
for site in Site.objects.order_by("pk"):
    for n in range({SUBSCRIBERS_PER_SITE}):
        Subscriber.objects.create(
            site=site, email=f"reader{{n}}@example.org", consent_text="I agree.", consented_at=timezone.now()
        )
"""
# One process: migrate, the demo (`make run`'s seed_demo), then the subscribers.
FILL_WITH_DEMO = (
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0, skip_checks=True)\n"
    "call_command('seed_demo', verbosity=0)\n" + ADD_SUBSCRIBERS
)
PAGES = "SELECT url_path, title, live FROM wagtailcore_page ORDER BY path"
SUBSCRIBERS = "SELECT site_id, email, consent_text FROM newsletter_subscriber ORDER BY id"
IMAGE_FILES = "SELECT file FROM wagtailimages_image ORDER BY id"


@dataclass
class Place:
    """A database and a media folder, as an operator's environment names them."""

    database_url: str
    media: Path

    def env(self, backup_dir: Path, **extra: str) -> dict[str, str]:
        return clean_environment(
            SECRET_KEY="backup-test-" + "k" * 50,
            DATABASE_URL=self.database_url,
            MEDIA_ROOT=str(self.media),
            BACKUP_DIR=str(backup_dir),
            LOG_LEVEL="WARNING",
            **extra,
        )

    def query(self, sql: str) -> list[tuple]:
        if self.database_url.startswith("sqlite:///"):
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as db:
                return [tuple(row) for row in db.execute(sql)]
        with psycopg.connect(self.database_url) as db:
            return [tuple(row) for row in db.execute(sql)]

    def media_files(self) -> set[str]:
        return {str(path.relative_to(self.media)) for path in self.media.rglob("*") if path.is_file()}


def run(place: Place, backup_dir: Path, *args: str, **extra_env: str) -> str:
    result = manage(*args, env=place.env(backup_dir, **extra_env))
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def fill_with_demo(place: Place, backup_dir: Path) -> Place:
    # Throw-away data: PostgreSQL need not wait for the disk at each of migrate's commits.
    run(place, backup_dir, "shell", "-c", FILL_WITH_DEMO, PGOPTIONS="-c synchronous_commit=off")
    return place


def take_backup(place: Place, backup_dir: Path) -> Path:
    folder = Path(run(place, backup_dir, "backup").strip().splitlines()[-1])
    assert folder.parent == backup_dir
    return folder


@pytest.fixture(scope="module")
def filled(postgres_databases, tmp_path_factory):
    """The demo in a PostgreSQL database and in a SQLite file, migrated and seeded side by side."""
    folder = tmp_path_factory.mktemp("sources")
    places = {
        "postgresql": Place(postgres_databases(), folder / "pg-media"),
        "sqlite": Place(f"sqlite:///{folder / 'source.sqlite3'}", folder / "sqlite-media"),
    }
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {vendor: pool.submit(fill_with_demo, place, folder / "unused") for vendor, place in places.items()}
        return {vendor: future.result() for vendor, future in futures.items()}


def assert_same_site(source: Place, restored: Place):
    pages = restored.query(PAGES)
    # Two demo sites of 12 articles each, with their home pages, hubs and landing pages.
    assert sum(1 for url_path, *_ in pages if "/resources/" in url_path and url_path.count("/") == 4) == 24
    assert pages == source.query(PAGES)

    subscribers = restored.query(SUBSCRIBERS)
    assert len(subscribers) == 2 * SUBSCRIBERS_PER_SITE
    assert subscribers == source.query(SUBSCRIBERS)

    image_files = {file for (file,) in restored.query(IMAGE_FILES)}
    assert image_files
    assert image_files <= restored.media_files()
    assert restored.media_files() == source.media_files()
    for name in image_files:
        assert (restored.media / name).read_bytes() == (source.media / name).read_bytes()


def test_a_postgresql_backup_restores_into_a_fresh_database_with_the_same_pages_subscribers_and_images(
    filled, postgres_databases, tmp_path
):
    source = filled["postgresql"]
    folder = take_backup(source, tmp_path / "backups")
    assert sorted(path.name for path in folder.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]

    fresh = Place(postgres_databases(), tmp_path / "restored-media")
    output = run(fresh, tmp_path / "backups", "restore", str(folder))

    assert "Restored" in output
    assert_same_site(source, fresh)


def test_a_sqlite_backup_restores_into_a_new_file_and_replaces_data_only_when_forced(filled, tmp_path):
    source, backup_dir = filled["sqlite"], tmp_path / "backups"
    folder = take_backup(source, backup_dir)
    assert sorted(path.name for path in folder.iterdir()) == ["database.sqlite3", "manifest.json", "media.tar.gz"]

    fresh = Place(f"sqlite:///{tmp_path / 'data' / 'restored.sqlite3'}", tmp_path / "restored-media")
    run(fresh, backup_dir, "restore", str(folder))

    assert_same_site(source, fresh)

    # Someone signs up after the restore; restoring again would lose them.
    run(fresh, backup_dir, "shell", "-c", ADD_SUBSCRIBERS.replace("reader", "late"))
    before = fresh.query(SUBSCRIBERS)

    refused = manage("restore", str(folder), env=fresh.env(backup_dir))

    assert refused.returncode != 0
    assert "Nothing restored: the database" in refused.stderr
    assert "Use --force to replace them." in refused.stderr
    assert fresh.query(SUBSCRIBERS) == before

    run(fresh, backup_dir, "restore", "--force", str(folder))

    assert fresh.query(SUBSCRIBERS) == source.query(SUBSCRIBERS)
