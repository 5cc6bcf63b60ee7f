import os

import pytest
from django.core.management import CommandError, call_command


def test_serve_starts_gunicorn_with_two_workers_per_core_plus_one(capsys):
    call_command("serve", "--dry-run", "--bind", "127.0.0.1:9999")
    command = capsys.readouterr().out.split()
    assert command[1:3] == ["-m", "gunicorn"]
    assert command[command.index("--workers") + 1] == str(2 * os.cpu_count() + 1)
    assert command[command.index("--bind") + 1] == "127.0.0.1:9999"
    assert command[command.index("--worker-class") + 1] == "sync"


def test_serve_refuses_zero_workers():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--dry-run", "--workers", "0")
