"""The ``dastan`` command: every subcommand is a Django management command.

``dastan demo``, ``dastan rates fetch`` and ``dastan import wordpress FILE`` run the commands of
those names; ``dastan manage ...`` passes anything else to Django, as ``manage.py`` would.
Django is imported only when a command runs, so ``dastan --help`` stays fast.
"""

import os
import sys

USAGE = """usage: dastan COMMAND [ARGS ...]

commands:
  demo [--port N]         create the SQLite database, load demo content, serve on 127.0.0.1
  manage ARGS ...         run a Django management command (migrate, createsuperuser, ...)
  help COMMAND            help for one command
Other commands (rates, search, import, serve, backup, restore, stories, ...) are listed by
'dastan manage help'."""


def main(argv: list[str] | None = None) -> int:
    """Run the dastan command line with ARGV (default: sys.argv[1:])."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(USAGE)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
    from django.core.management import execute_from_command_line

    if args[0] == "demo":
        os.environ.setdefault("DASTAN_SERVE_MEDIA", "1")
    if args[0] == "manage":
        args = args[1:]
    elif args[0] == "help" and len(args) > 1:
        args = [args[1], "--help"]
    execute_from_command_line(["dastan", *args])
    return 0
