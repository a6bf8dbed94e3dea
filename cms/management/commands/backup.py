from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms import backups


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or a copy of the SQLite file) and the media files "
        "into a new timestamped folder under BACKUP_DIR; the last line printed is that folder."
    )

    def handle(self, *args, **options):
        try:
            folder, manifest = backups.backup(Path(settings.BACKUP_DIR))
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{number} {name}" for name, number in manifest["counts"].items())
        self.stdout.write(f"Database: {manifest['database']['file']} ({summary}).")
        if manifest["media"]:
            self.stdout.write(f"Media: {manifest['media']} ({manifest['media_files']} files).")
        else:
            self.stdout.write(
                self.style.WARNING("Media: not included, they are in object storage; back up the bucket itself.")
            )
        self.stdout.write(self.style.SUCCESS("Backup written to:"))
        self.stdout.write(str(folder))
