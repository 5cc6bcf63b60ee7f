from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dastan.security.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write one archive with a consistent snapshot of the database, the media files and a manifest."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive to write (e.g. dastan-2026-01-31.tar.gz)")

    def handle(self, *args, path, **options):
        try:
            manifest = create_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"Backed up {manifest['engine']} ({len(manifest['tables'])} tables, {rows} rows) "
                          f"and {media} media files to {path}")
