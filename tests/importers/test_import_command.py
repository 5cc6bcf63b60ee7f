"""The import command: bad files reported with their line, clean stops, exit statuses, the progress bar."""

import os
import subprocess
import sys

import pytest

from dastan.importers.models import ImportRecord
from dastan.publishing.models import Article
from tests.importers.conftest import FIXTURES, run_import

pytestmark = pytest.mark.django_db


def test_truncated_file_keeps_what_came_before_and_fails(db):
    result = run_import(FIXTURES / "truncated.xml")
    assert result.status == 2
    # The file ends inside the second item's body: libxml2 notices at the end of the last line.
    assert "The file is not well-formed XML at line 28: CData section not finished." in result.err
    assert "The import stopped there; everything before it is imported." in result.err
    assert "created 1, updated 0, skipped 0, failed 0" in result.out
    assert list(Article.objects.values_list("slug", flat=True)) == ["first"]
    assert not ImportRecord.objects.filter(post_id=2).exists()


def test_malformed_file_reports_the_line(db):
    result = run_import(FIXTURES / "malformed.xml")
    assert result.status == 2
    assert "not well-formed XML at line 26" in result.err
    assert "mismatch" in result.err
    assert list(Article.objects.values_list("slug", flat=True)) == ["good"]


@pytest.mark.parametrize("name", ["bomb.xml", "xxe.xml"])
def test_dtd_and_entities_are_refused_before_anything_is_read(db, name):
    result = run_import(FIXTURES / name)
    assert result.status == 2
    assert "declares a DTD or entities" in result.err
    assert Article.objects.count() == 0


def test_external_entity_never_reaches_an_article(db):
    run_import(FIXTURES / "xxe.xml")
    assert not Article.objects.filter(body__contains="root:").exists()


@pytest.mark.parametrize("name, message", [
    ("unknown-version.xml", "Unknown WXR version 9.9: this importer reads versions 1.0, 1.1, 1.2."),
    ("unknown-namespace.xml", "Unknown WXR version 9.9: this importer reads versions 1.0, 1.1, 1.2."),
])
def test_unknown_wxr_version_is_refused(db, name, message):
    result = run_import(FIXTURES / name)
    assert result.status == 2
    assert message in result.err
    assert Article.objects.count() == 0


@pytest.mark.parametrize("content, message", [
    (b"", "not well-formed XML at line 1"),
    (b"<html><body>Not an export</body></html>",
     "This is not a WordPress export (WXR): its root element is <html>"),
    (b'<rss version="2.0"><channel><title>A feed</title></channel></rss>',
     "This is not a WordPress export (WXR): it has no wp: namespace"),
    (b'<rss xmlns:wp="http://wordpress.org/export/1.2/"/>', "it has no <channel>"),
    (b"\xff\xfe\x00garbage", "not well-formed XML"),
])
def test_files_that_are_not_exports(tmp_path, content, message):
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    result = run_import(path)
    assert result.status == 2
    assert message in result.err


def test_missing_file_and_unknown_edition(tmp_path):
    missing = run_import(tmp_path / "nowhere.xml")
    assert missing.status == 2
    assert f"Cannot open {tmp_path / 'nowhere.xml'}: No such file or directory." in missing.err
    assert run_import(tmp_path, "--edition", "en").status == 2  # a directory
    wrong = run_import(FIXTURES / "wxr-1.1.xml", "--edition", "xx")
    assert wrong.status == 2
    assert "Unknown edition 'xx'; this site has: en, ru." in wrong.err


@pytest.mark.parametrize("name", ["bomb.xml", "malformed.xml"])
def test_the_real_command_line_never_shows_a_traceback(tmp_path, name):
    """Run `dastan import wordpress` as a user would; the database is a fresh, migrated SQLite file."""
    env = {**os.environ, "DASTAN_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
           "DASTAN_MEDIA_ROOT": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    dastan = [sys.executable, "-m", "dastan"]
    subprocess.run([*dastan, "manage", "migrate", "-v0"], env=env, check=True, cwd=tmp_path)
    done = subprocess.run([*dastan, "import", "wordpress", str(FIXTURES / name)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("CommandError: ")


def test_progress_bar_shows_the_counts(capsys):
    result = run_import(FIXTURES / "wxr-1.1.xml", "--progress")
    assert result.status == 0
    bar = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]
    assert bar.startswith("Importing: 100%")
    assert "created=1, updated=0, skipped=0, failed=0" in bar
