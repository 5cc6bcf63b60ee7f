"""Run Dastan in production: collect static files with hashed names, then start gunicorn."""

import os
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    """Return 2 x cores + 1: sync workers wait on the database and cache about half the time."""
    return 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = "Serve Dastan with gunicorn (sync workers, 2 x cores + 1 by default) after collectstatic."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DASTAN_BIND", "127.0.0.1:8000"),
                            help="address:port to listen on (DASTAN_BIND; default 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=None,
                            help="gunicorn sync workers (DASTAN_WORKERS; default 2 x cores + 1)")
        parser.add_argument("--static-root", default=os.environ.get("DASTAN_STATIC_ROOT"),
                            help="where collectstatic writes (DASTAN_STATIC_ROOT; default ./static-root)")
        parser.add_argument("--no-collectstatic", action="store_true",
                            help="skip collectstatic (another server on this machine already ran it)")
        parser.add_argument("--dry-run", action="store_true", help="print the gunicorn command and stop")

    def handle(self, *args, bind, workers, static_root, no_collectstatic, dry_run, **options):
        if workers is None:
            workers = int(os.environ.get("DASTAN_WORKERS") or default_workers())
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        env = dict(os.environ, DASTAN_STATIC_MANIFEST="1",
                   DASTAN_STATIC_ROOT=static_root or os.path.join(os.getcwd(), "static-root"))
        env.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
        command = [sys.executable, "-m", "gunicorn", "dastan.wsgi:application", "--bind", bind,
                   "--workers", str(workers), "--worker-class", "sync",
                   "--log-level", "warning"]
        if dry_run:
            self.stdout.write(" ".join(command))
            return
        if not no_collectstatic:
            # A child process: the manifest storage is chosen when settings load.
            subprocess.run([sys.executable, "-m", "dastan", "manage", "collectstatic", "--noinput", "-v0"],
                           env=env, check=True)
        os.execvpe(command[0], command, env)
