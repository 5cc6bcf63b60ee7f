"""Start real Dastan servers on loopback ports for tests (by process id, stopped by the caller)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """Return a DATABASE_URL for the database the tests run on (the test database)."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def redis_reachable(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not there": the test is skipped
        return False


def server_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(DJANGO_SETTINGS_MODULE="dastan.settings", DASTAN_PAGE_CACHE="1", **extra)
    return env


def start_server(port: int, env: dict, static_root: Path, *, collect: bool, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "dastan", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1",
               "--static-root", str(static_root)]
    if not collect:
        command.append("--no-collectstatic")
    with open(log, "ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def wait_until_up(port: int, process: subprocess.Popen | None = None, log: Path | None = None,
                  timeout: float = 300.0) -> None:
    """Wait for the server on PORT to answer /healthz; fail at once, with its log, if PROCESS exits.

    The first server collects and compresses the static files before it starts: seconds on a
    quiet machine, a minute or more on a loaded CI machine, hence the long TIMEOUT.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"server on port {port} exited with {process.returncode}:\n{tail}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not answer within {timeout:.0f} s")


def fetch(port: int, path: str, headers: dict | None = None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # the server's own session: gunicorn master and workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
