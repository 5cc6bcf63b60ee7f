from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dastan.security.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a `dastan backup` archive into a fresh database and the media folder, after checking it."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive written by `dastan backup`")
        parser.add_argument("--database-url", help="restore into this database instead of the site's")
        parser.add_argument("--media-root", type=Path, help="restore media here instead of MEDIA_ROOT")
        parser.add_argument("--replace", action="store_true",
                            help="overwrite a database that already has data")

    def handle(self, *args, path, database_url, media_root, replace, **options):
        try:
            manifest = restore_backup(path, database_url=database_url, media_root=media_root, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Restored {manifest['engine']} snapshot of {manifest['created_at']}: "
                          f"{len(manifest['tables'])} tables, {rows} rows, row counts verified.")
