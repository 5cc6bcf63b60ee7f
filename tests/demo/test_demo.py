import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.core.management import call_command
from lxml import html

from dastan.demo.loader import load_articles
from dastan.publishing.models import Article
from dastan.taxonomy.models import Tag

pytestmark = pytest.mark.django_db


def test_demo_content_meets_the_newsroom_brief():
    added = load_articles()
    assert added == Article.objects.count() >= 40
    per_edition = Counter(Article.objects.values_list("edition", flat=True))
    assert per_edition["en"] >= 20 and per_edition["ru"] >= 15
    translated = Article.objects.filter(edition="ru", translation_of__isnull=True).exclude(
        translation_key__in=Article.objects.filter(edition="en").values("translation_key")
    )
    assert per_edition["ru"] - translated.count() >= 10  # at least ten Russian translations
    biggest = max(Tag.objects.all(), key=lambda t: t.articles.filter(edition="en").count())
    assert biggest.articles.published().filter(edition="en").count() >= 5
    kinds = set(Tag.objects.filter(aliases__isnull=False).values_list("kind", flat=True))
    assert {"person", "place", "organisation"} <= kinds
    assert Article.objects.filter(status="draft").exists() and Article.objects.scheduled().exists()


def test_loading_twice_adds_nothing():
    load_articles()
    count = Article.objects.count()
    assert load_articles() == 0
    assert Article.objects.count() == count


def test_demo_command_loads_and_prints_the_admin_login(capsys):
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert re.search(r"user: admin\s+password: \S{12,}", out)
    from django.contrib.auth import get_user_model

    password = re.search(r"password: (\S+)", out).group(1)
    assert get_user_model().objects.get(username="admin").check_password(password)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the demo is the SQLite set-up; it runs once, in the SQLite pass")
def test_demo_serves_both_editions_from_a_fresh_database(tmp_path):
    """The README's first command, end to end: a new SQLite file, the demo content, a live server."""
    port = _free_port()
    env = {**os.environ, "DASTAN_SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
           "DASTAN_MEDIA_ROOT": str(tmp_path / "media")}
    env.pop("DATABASE_URL", None)
    log = open(tmp_path / "demo.log", "w")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen([sys.executable, "-m", "dastan", "demo", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the demo server did not start:\n" + (tmp_path / "demo.log").read_text())
        for edition in ("en", "ru"):
            status, body = _get(f"{base}/{edition}/")
            assert status == 200
            assert html.fromstring(body).xpath("//section[@class='lead-story']//h2")
        status, page = _get(f"{base}/en/tag/malika-kholmurodova/")
        assert status == 200
        line = html.fromstring(page).xpath("string(//p[@class='results-line'])")
        first, last, total = map(int, re.fullmatch(r"Viewing results (\d+) - (\d+) of (\d+)", line).groups())
        cards = len(html.fromstring(page).xpath(
            "//main//article[contains(concat(' ', @class, ' '), ' card ')]"))
        assert first == 1 and last == cards == min(total, 20)
        for bad in ["/en/tag/malika-kholmurodova/?page=abc", "/en/tag/malika-kholmurodova/?page=0",
                    "/en/tag/malika-kholmurodova/?page=-1", "/en/tag/malika-kholmurodova/?page=999",
                    "/en/tag/no-such-tag/", "/en/articles/no-such-article/"]:
            assert 400 <= _get(base + bad)[0] < 500, bad
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
