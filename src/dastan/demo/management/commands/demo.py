import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dastan.demo.loader import load
from dastan.publishing.roles import ADMINISTRATOR

DEMO_ADMIN = "admin"


class Command(BaseCommand):
    help = "Create or migrate the database, load the demo newsroom once, and serve it locally."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
        parser.add_argument("--no-serve", action="store_true", help="load the demo and stop")

    def handle(self, *args, port, no_serve, **options):
        if not 0 < port < 65536:
            self.stderr.write(f"--port must be between 1 and 65535, not {port}")
            raise SystemExit(2)
        call_command("migrate", interactive=False, verbosity=0)
        load(self.stdout)
        password = self.ensure_admin()
        url = f"http://127.0.0.1:{port}"
        self.stdout.write(self.style.SUCCESS(
            f"\nDastan demo: {url}/en/ and {url}/ru/\n"
            f"Admin: {url}/admin/  user: {DEMO_ADMIN}  password: {password}\n"
            f"Database: {settings.DATABASES['default']['NAME']}\n"
        ))
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def ensure_admin(self) -> str:
        """Create the demo administrator, or give it a fresh password; return the password."""
        password = secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_ADMIN, defaults={"is_staff": True, "is_superuser": True}
        )
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=ADMINISTRATOR))
        return password
