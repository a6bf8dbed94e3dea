from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms import backups


class Command(BaseCommand):
    help = (
        "Restore a folder written by `manage.py backup` into the configured database and MEDIA_ROOT. "
        "Refuses when the database has tables or MEDIA_ROOT has files, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup folder, e.g. backups/20261125T030000Z.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database and MEDIA_ROOT already hold.",
        )

    def handle(self, *args, path, force, **options):
        try:
            restored = backups.restore(path, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{number} {name}" for name, number in restored.items())
        self.stdout.write(self.style.SUCCESS(f"Restored {path}: {summary}, as recorded in the backup."))
        self.stdout.write("If the backup is older than the code, run `manage.py migrate` next.")
