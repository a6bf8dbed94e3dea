"""Backups of the database and the media files, and their restoration (``manage.py backup`` / ``restore``).

A backup is one folder, ``BACKUP_DIR/<UTC timestamp>/``, holding:

- ``database.dump``: PostgreSQL's ``pg_dump`` in its custom format, or ``database.sqlite3``: a
  consistent copy of a SQLite database made with SQLite's backup API;
- ``media.tar.gz``: every file under ``MEDIA_ROOT`` (left out when media live in object storage);
- ``manifest.json``: what the folder holds and the counts of pages, subscribers, images and
  documents at the time, which a restore checks its result against.

The folder is written under a hidden ``.partial`` name and renamed when complete, so a backup that
was interrupted never looks like one that can be restored.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import OperationalError, connection, connections
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from newsletter.models import Subscriber

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
# libpq reads these itself, so no password ever appears in a command line.
LIBPQ_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for an operator."""


def counts() -> dict[str, int]:
    """What an operator checks after a restore."""
    return {
        "pages": Page.objects.count(),
        "subscribers": Subscriber.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
    }


# --- Databases ----------------------------------------------------------------------------------


class PostgreSQL:
    def __init__(self, config: dict):
        self.config = config
        self.name = config["NAME"]

    def tool(self, name: str) -> str:
        path = shutil.which(name)
        if not path:
            raise BackupError(
                f"{name} is not installed: install PostgreSQL's client tools, as new as the server "
                "(Debian: apt-get install postgresql-client)."
            )
        return path

    def environment(self) -> dict[str, str]:
        environ = dict(os.environ)
        for key, variable in (("NAME", "PGDATABASE"), ("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
            if self.config.get(key):
                environ[variable] = str(self.config[key])
        if self.config.get("PASSWORD"):
            environ["PGPASSWORD"] = self.config["PASSWORD"]
        for option, variable in LIBPQ_OPTIONS.items():
            if self.config.get("OPTIONS", {}).get(option):
                environ[variable] = str(self.config["OPTIONS"][option])
        return environ

    def run(self, command: list[str]) -> None:
        environ = self.environment()
        # A fixed tool and arguments from the settings, without a shell.
        result = subprocess.run(command, env=environ, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
        if result.returncode != 0:
            raise BackupError(f"{Path(command[0]).name} failed on database {self.name}:\n{result.stderr.strip()}")

    def dump(self, folder: Path) -> str:
        dump = folder / POSTGRES_DUMP
        self.run([self.tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"])
        return POSTGRES_DUMP

    def prepare(self) -> None:
        """Nothing to do: the database must exist (CREATE DATABASE) before a restore."""

    def restore(self, path: Path) -> None:
        # One transaction: a restore that fails half-way leaves the database as it was.
        self.run(
            [
                self.tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={self.name}",
                str(path),
            ]
        )


def read_only_uri(path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


class SQLite:
    def __init__(self, config: dict):
        self.name = str(config["NAME"])

    def dump(self, folder: Path) -> str:
        if not Path(self.name).is_file():
            raise BackupError(f"There is no database at {self.name} to back up.")
        # The backup API copies a consistent snapshot, even while the site is writing.
        source = sqlite3.connect(read_only_uri(self.name), uri=True)
        target = sqlite3.connect(folder / SQLITE_COPY)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return SQLITE_COPY

    def prepare(self) -> None:
        """A new file is fine; its folder must exist."""
        Path(self.name).parent.mkdir(parents=True, exist_ok=True)

    def restore(self, path: Path) -> None:
        source = sqlite3.connect(read_only_uri(path), uri=True)
        target = sqlite3.connect(self.name)
        try:
            source.backup(target)  # replaces every page of the target
        finally:
            source.close()
            target.close()


def database() -> PostgreSQL | SQLite:
    config = settings.DATABASES["default"]
    vendor = connection.vendor
    if vendor == "postgresql":
        return PostgreSQL(config)
    if vendor == "sqlite":
        return SQLite(config)
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")


# --- Media --------------------------------------------------------------------------------------


def media_on_disk() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def media_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []


def archive_media(folder: Path) -> str:
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        for path in media_files(root):
            archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
    return MEDIA_ARCHIVE


def unpack_media(path: Path) -> int:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "r:gz") as archive:
        members = archive.getmembers()
        # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
        archive.extractall(root, filter="data")
    return len(members)


# --- Backup and restore -------------------------------------------------------------------------


def backup(backup_dir: Path) -> tuple[Path, dict]:
    """Write a new backup folder under ``backup_dir``; return its path and its manifest."""
    db = database()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    final = backup_dir / stamp
    if final.exists():
        raise BackupError(f"{final} already exists: wait a second and run the backup again.")
    partial = backup_dir / f".{stamp}.partial"
    partial.mkdir(parents=True)
    try:
        manifest = {
            "format": 1,
            "created": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": db.dump(partial)},
            "media": archive_media(partial) if media_on_disk() else None,
            "media_files": len(media_files(Path(settings.MEDIA_ROOT))) if media_on_disk() else None,
            "counts": counts(),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final, manifest


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.") from None
    files = [manifest["database"]["file"], manifest["media"]]
    missing = [name for name in files if name and not (folder / name).is_file()]
    if missing:
        raise BackupError(f"{folder} is incomplete: {', '.join(missing)} missing.")
    return manifest


def what_would_be_replaced() -> list[str]:
    found = []
    tables = connection.introspection.table_names()
    if tables:
        found.append(f"database {connection.settings_dict['NAME']} has {len(tables)} tables")
    if media_on_disk() and (files := media_files(Path(settings.MEDIA_ROOT))):
        found.append(f"{settings.MEDIA_ROOT} has {len(files)} files")
    return found


def restore(folder: Path, force: bool = False) -> dict:
    """Restore the backup in ``folder`` into the configured database and MEDIA_ROOT.

    Refuses when either already holds something, unless ``force``. Returns the restored counts,
    which must equal the ones recorded at backup time.
    """
    manifest = read_manifest(folder)
    db = database()
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(f"This is a {manifest['database']['vendor']} backup; the database is {connection.vendor}.")
    db.prepare()
    try:
        found = what_would_be_replaced()
    except OperationalError as error:
        name = connection.settings_dict["NAME"]
        raise BackupError(f"Cannot open database {name} (create it first): {error}") from error
    if found and not force:
        raise BackupError(f"Nothing restored: the {' and '.join(found)}. Use --force to replace them.")
    connections.close_all()
    db.restore(folder / manifest["database"]["file"])
    if manifest["media"] and media_on_disk():
        unpack_media(folder / manifest["media"])
    # Cached pages, site root paths and renditions describe the content that was replaced.
    cache.clear()
    restored = counts()
    if restored != manifest["counts"]:
        raise BackupError(f"The restored database holds {restored}, but the backup recorded {manifest['counts']}.")
    return restored
