"""The nginx configuration in docs/deploy.md, started as written in front of `dastan serve`."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.caching import servers

DEPLOY_DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
PROXY_MAX_AGE = 2  # seconds; production uses 10


def documented_config() -> str:
    """Return the nginx block from docs/deploy.md."""
    return re.search(r"```nginx\n(.*?)```", DEPLOY_DOC.read_text(encoding="utf-8"), re.S).group(1)


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "dastan", "manage", *args], env=env, check=True,
                   capture_output=True)


@pytest.fixture
def site(tmp_path):
    """A Dastan server on its own SQLite file with one tag page, behind nginx as documented."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    env = servers.server_env(DASTAN_SQLITE_PATH=str(tmp_path / "site.sqlite3"),
                             DASTAN_PROXY_MAX_AGE=str(PROXY_MAX_AGE),
                             DASTAN_KEYS_CACHE_DIR=str(tmp_path / "keys"),
                             GUNICORN_CMD_ARGS=f"--access-logfile {tmp_path / 'access.log'}")
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "-v0")
    manage(env, "shell", "-c", (
        "from tests import builders; from dastan.publishing.models import Article; "
        "t = builders.tag(slug='water'); builders.article(tags=[t], headline='Dam opens'); "
        "builders.article(tags=[t], headline='Second dam', slug='second', status=Article.Status.DRAFT)"))
    app_port, proxy_port = servers.free_port(), servers.free_port()
    app = servers.start_server(app_port, env, tmp_path / "static", collect=True, log=tmp_path / "app.log")
    # nginx workers run as an unprivileged user: their files live in a world-readable folder.
    prefix = Path(tempfile.mkdtemp(prefix="dastan-nginx-"))
    prefix.chmod(0o755)
    (prefix / "cache").mkdir(mode=0o777)
    (prefix / "cache").chmod(0o777)
    config = (documented_config()
              .replace("/var/cache/nginx/dastan", str(prefix / "cache"))
              .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
              .replace("listen 80;", f"listen 127.0.0.1:{proxy_port};"))
    temp = prefix / "tmp"
    temp.mkdir(mode=0o777)
    temp.chmod(0o777)
    (prefix / "nginx.conf").write_text(
        f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
        f"fastcgi_temp_path {temp}/fcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;\n"
        f"{config}\n}}\n")
    command = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
    with open(tmp_path / "nginx.log", "wb") as log:
        proxy = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        servers.wait_until_up(app_port, app, tmp_path / "app.log")
        servers.wait_until_up(proxy_port)
        yield {"env": env, "proxy": proxy_port, "access_log": tmp_path / "access.log"}
    finally:
        servers.stop(app)
        proxy.terminate()  # TERM: nginx master stops its workers and exits
        proxy.wait(timeout=15)
        shutil.rmtree(prefix, ignore_errors=True)


def access_lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_nginx_cache_hits_never_reach_python_and_a_publish_shows_within_s_maxage(site):
    status, headers, body = servers.fetch(site["proxy"], "/en/tag/water/")
    assert status == 200 and headers["X-Cache"] in ("MISS", "EXPIRED") and "Dam opens" in body
    assert "s-maxage=2" in headers["Cache-Control"]
    # `dastan serve` collected static files with hashed names, served for a year.
    stylesheet = re.search(r'href="(/static/dastan/site\.[0-9a-f]{12}\.css)"', body).group(1)
    static_headers = servers.fetch(site["proxy"], stylesheet)[1]
    assert "max-age=315360000" in static_headers["Cache-Control"]
    time.sleep(0.5)  # gunicorn writes its access line after the response has gone
    served_by_python = access_lines(site["access_log"])
    for _ in range(20):
        assert servers.fetch(site["proxy"], "/en/tag/water/")[1]["X-Cache"] == "HIT"
    time.sleep(0.5)
    assert access_lines(site["access_log"]) == served_by_python

    # Staff (a session cookie) and other query strings go through to Dastan.
    assert servers.fetch(site["proxy"], "/en/tag/water/", {"Cookie": "sessionid=x"})[1]["X-Cache"] == "BYPASS"
    assert servers.fetch(site["proxy"], "/en/tag/water/?utm=1")[1]["X-Cache"] == "BYPASS"

    manage(site["env"], "shell", "-c", "from dastan.publishing.models import Article; "
           "a = Article.objects.get(slug='second'); a.status = 'published'; a.save()")
    published = time.monotonic()
    while "Second dam" not in servers.fetch(site["proxy"], "/en/tag/water/")[2]:
        assert time.monotonic() - published < PROXY_MAX_AGE + 1.5, "publish not visible within s-maxage"
        time.sleep(0.2)
