"""`dastan backup` and `dastan restore`: a snapshot restored into a fresh database matches the original."""

import io
import json
import sqlite3
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from dastan.publishing.models import Article, Author
from dastan.security.backup import table_counts
from tests import builders

BODY = "<p>Every word of this must come back — <strong>Ҷумҳурӣ</strong> and all.</p>"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "maroon").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def fresh_database_url(tmp_path):
    """Return the URL of a new, empty database of the kind the suite runs on; drop it afterwards."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"dastan_restore_{uuid.uuid4().hex[:8]}"
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None,
              "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database_url: str, sql: str, *params):
    import dj_database_url

    db = dj_database_url.parse(database_url)
    if "sqlite" in db["ENGINE"]:
        with sqlite3.connect(db["NAME"]) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(dbname=db["NAME"], host=db["HOST"], port=db["PORT"], user=db["USER"],
                         password=db["PASSWORD"] or None) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_brings_back_rows_text_and_media(
        tmp_path, media_root, fresh_database_url, capsys):
    author = builders.author(name="Aida")
    author.photo = ContentFile(_jpeg(), name="aida.jpg")
    author.save()
    article = builders.article(body=BODY, authors=[author], tags=[builders.tag()], section=builders.section())
    archive = tmp_path / "backups" / "dastan.tar.gz"

    call_command("backup", str(archive))
    assert "Backed up" in capsys.readouterr().out

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(archive), database_url=fresh_database_url, media_root=str(restored_media))
    assert "row counts verified" in capsys.readouterr().out

    count = Article.objects.count()
    assert query(fresh_database_url, "SELECT COUNT(*) FROM publishing_article") == [(count,)]
    assert query(fresh_database_url, "SELECT body, headline FROM publishing_article WHERE id = %s",
                 article.pk) == [(BODY, article.headline)]
    assert query(fresh_database_url, "SELECT COUNT(*) FROM publishing_article_authors") == [(1,)]
    assert (restored_media / author.photo.name).read_bytes() == (media_root / author.photo.name).read_bytes()
    import dj_database_url

    live = {name: n for name, n in table_counts(dj_database_url.parse(fresh_database_url)).items()}
    assert live["publishing_author"] == Author.objects.count() and live["django_migrations"] > 10


@pytest.fixture
def archive(tmp_path, media_root, transactional_db):
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "photo.jpg").write_bytes(_jpeg())
    builders.article()
    path = tmp_path / "good.tar.gz"
    call_command("backup", str(path))
    return path


def rewrite(source, target, change):
    """Copy the tar archive SOURCE to TARGET, letting CHANGE(name, bytes) alter or drop members."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            result = change(member.name, data)
            if result is None:
                continue
            name, data = result
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def damaged_archives(archive, tmp_path):
    raw = archive.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(raw[: len(raw) // 2])
    noise = tmp_path / "noise.tar.gz"
    noise.write_bytes(b"\x1f\x8b" + bytes(range(256)) * 4)
    tampered = rewrite(archive, tmp_path / "tampered.tar.gz",
                       lambda n, d: (n, d + b"<script>") if n.startswith("media/") else (n, d))
    no_manifest = rewrite(archive, tmp_path / "nomanifest.tar.gz",
                          lambda n, d: None if n == "manifest.json" else (n, d))
    escaping = rewrite(archive, tmp_path / "escape.tar.gz",
                       lambda n, d: ("../../escaped.txt", d) if n.startswith("media/") else (n, d))
    return {
        "truncated": (truncated, "damaged"), "noise": (noise, "damaged"),
        "tampered": (tampered, "checksum mismatch in media/photo.jpg"),
        "no manifest": (no_manifest, "no manifest"), "escaping": (escaping, "damaged"),
        "missing": (tmp_path / "nothing.tar.gz", "No backup archive"),
    }


def test_a_damaged_archive_is_refused_with_a_clear_message_and_nothing_restored(archive, tmp_path):
    target = tmp_path / "target.sqlite3"
    media = tmp_path / "target-media"
    for label, (path, message) in damaged_archives(archive, tmp_path).items():
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(path), database_url=f"sqlite:///{target}", media_root=str(media))
        assert message in str(refused.value), label
        assert not target.exists() and not media.exists(), label
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_an_archive_of_another_database_kind_is_refused(archive, tmp_path):
    def other_engine(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
            return name, json.dumps(manifest).encode()
        return name, data

    swapped = rewrite(archive, tmp_path / "swapped.tar.gz", other_engine)
    before = Article.objects.count()
    with pytest.raises(CommandError, match="restore it into a database of the same kind"):
        call_command("restore", str(swapped), media_root=str(tmp_path / "m"))
    assert Article.objects.count() == before


def test_restoring_over_a_database_with_data_needs_replace(archive, tmp_path):
    if connection.vendor == "postgresql":
        builders.article(headline="Written after the backup")
        with pytest.raises(CommandError, match="already has data"):
            call_command("restore", str(archive), media_root=str(tmp_path / "m"))
        assert Article.objects.filter(headline="Written after the backup").exists()
        return
    target = tmp_path / "busy.sqlite3"
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TABLE notes (t TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.close()
    with pytest.raises(CommandError, match="already has data"):
        call_command("restore", str(archive), database_url=f"sqlite:///{target}",
                     media_root=str(tmp_path / "m"))
    assert query(f"sqlite:///{target}", "SELECT t FROM notes") == [("keep me",)]
