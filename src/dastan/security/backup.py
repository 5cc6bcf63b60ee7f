"""Backups: one tar archive holding a consistent database snapshot, the media files and a manifest.

SQLite is copied with its online backup API (sqlite3.Connection.backup), PostgreSQL with
``pg_dump --format=custom`` (one transaction, so one point in time). The database goes first, then
media: uploads get new names and are never rewritten, so every file the snapshot names is there.
The manifest lists each member's SHA-256 and every table's row count; restore checks both.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection

FORMAT = "dastan-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"

DAMAGED = "The archive {path} is damaged or not a Dastan backup ({reason}); nothing was restored."
WRONG_ENGINE = ("The archive holds a {archived} database but the target is {target}; restore it into "
                "a database of the same kind.")
NOT_EMPTY = ("The target database already has data ({tables} tables). Restore into a fresh database, "
             "or pass --replace to overwrite it.")
COUNTS_DIFFER = "Restored, but row counts differ from the manifest: {diff}."


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


def _engine(db: dict) -> str:
    for name in ("postgresql", "sqlite"):
        if name in db["ENGINE"]:
            return name
    return db["ENGINE"]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def table_counts(db: dict) -> dict[str, int]:
    """Return the row count of every table in the database DB (a Django DATABASES entry)."""
    engine = _engine(db)
    if engine == "sqlite":
        with sqlite3.connect(db["NAME"]) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
            return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    with _pg_connect(db) as conn:
        return _pg_counts(conn)


def _pg_connect(db: dict):
    import psycopg

    return psycopg.connect(dbname=db["NAME"], host=db.get("HOST") or None, port=db.get("PORT") or None,
                           user=db.get("USER") or None, password=db.get("PASSWORD") or None)


def _pg_counts(conn) -> dict[str, int]:
    from psycopg import sql

    tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    names = [r[0] for r in tables]
    count = sql.SQL("SELECT COUNT(*) FROM {}")
    return {name: conn.execute(count.format(sql.Identifier(name))).fetchone()[0] for name in names}


def _snapshot_database(workdir: Path) -> tuple[str, Path, dict[str, int]]:
    """Snapshot the default database into WORKDIR; return its engine, the file and its row counts."""
    db = connection.settings_dict
    engine = _engine(db)
    if engine == "sqlite":
        target = workdir / SQLITE_MEMBER
        if connection.in_atomic_block:
            # The backup would wait forever on this connection's own uncommitted writes.
            raise BackupError("Run the backup outside a database transaction.")
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)  # consistent even while others write
        finally:
            dest.close()
        return engine, target, table_counts({**db, "NAME": str(target)})
    if engine == "postgresql":
        from psycopg import IsolationLevel

        target = workdir / POSTGRES_MEMBER
        with _pg_connect(db) as conn:
            # Count rows in the very snapshot pg_dump copies, so the manifest matches the dump.
            conn.isolation_level = IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = _pg_counts(conn)
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 "--file", str(target), *_pg_args(db), db["NAME"]],
                env=_pg_env(db), capture_output=True, text=True,
            )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return engine, target, counts
    raise BackupError(f"Backing up a {db['ENGINE']} database is not supported (SQLite and PostgreSQL are).")


def create_backup(path: Path, *, media_root: Path | None = None) -> dict:
    """Write a backup archive of the default database and MEDIA_ROOT to PATH; return its manifest."""
    path = Path(path)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dastan-backup-") as tmp:
        workdir = Path(tmp)
        engine, dump, counts = _snapshot_database(workdir)
        files = {dump.name: _sha256(dump)}
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        for item in media:
            files["media/" + item.relative_to(media_root).as_posix()] = _sha256(item)
        manifest = {
            "format": FORMAT, "version": VERSION, "engine": engine, "database": dump.name,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "tables": counts, "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for item in media:
                tar.add(item, arcname="media/" + item.relative_to(media_root).as_posix())
        os.replace(partial, path)  # a crash mid-write never leaves a plausible-looking archive
    return manifest


def _extract_verified(path: Path, into: Path) -> dict:
    """Extract the archive at PATH into INTO, checking it against its manifest; return the manifest."""
    try:
        with tarfile.open(path, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
            tar.extractall(into, filter="data")  # refuses absolute paths, "..", links out, devices
    except FileNotFoundError as exc:
        raise BackupError(f"No backup archive at {path}.") from exc
    except KeyError as exc:
        raise BackupError(DAMAGED.format(path=path, reason="no manifest")) from exc
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as exc:
        raise BackupError(DAMAGED.format(path=path, reason=str(exc) or type(exc).__name__)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or manifest.get("version") != VERSION:
        raise BackupError(DAMAGED.format(path=path, reason="unknown manifest format"))
    files = manifest.get("files") or {}
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(files):
        raise BackupError(DAMAGED.format(path=path, reason="files differ from the manifest"))
    for name, digest in files.items():
        if _sha256(into / name) != digest:
            raise BackupError(DAMAGED.format(path=path, reason=f"checksum mismatch in {name}"))
    if manifest.get("database") not in files:
        raise BackupError(DAMAGED.format(path=path, reason="no database snapshot"))
    return manifest


def _restore_database(manifest: dict, dump: Path, db: dict, *, replace: bool) -> None:
    engine = _engine(db)
    if manifest["engine"] != engine or manifest["engine"] not in {"sqlite", "postgresql"}:
        raise BackupError(WRONG_ENGINE.format(archived=manifest["engine"], target=engine))
    magic = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}[manifest["engine"]]
    with open(dump, "rb") as handle:
        if handle.read(len(magic)) != magic:
            raise BackupError(DAMAGED.format(path=dump.name, reason=f"not a {manifest['engine']} snapshot"))
    existing = _counts_or_empty(db)
    if existing and not replace:
        raise BackupError(NOT_EMPTY.format(tables=len(existing)))
    if engine == "sqlite":
        target = Path(db["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(target.name + ".restoring")
        shutil.copyfile(dump, staged)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(staged, target)
        return
    args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
            *_pg_args(db), "--dbname", db["NAME"]]
    if replace:
        args += ["--clean", "--if-exists"]
    result = subprocess.run([*args, str(dump)], env=_pg_env(db), capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")


def _counts_or_empty(db: dict) -> dict[str, int]:
    if _engine(db) == "sqlite" and not Path(db["NAME"]).exists():
        return {}
    return {name: n for name, n in table_counts(db).items() if n}


def restore_backup(path: Path, *, database_url: str | None = None, media_root: Path | None = None,
                   replace: bool = False) -> dict:
    """Restore the archive at PATH into a database (default: the site's) and media; return its manifest."""
    db = dj_database_url.parse(database_url) if database_url else dict(settings.DATABASES["default"])
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="dastan-restore-") as tmp:
        workdir = Path(tmp)
        manifest = _extract_verified(Path(path), workdir)
        if not database_url:
            connection.close()  # let the file be replaced under a closed connection
        _restore_database(manifest, workdir / manifest["database"], db, replace=replace)
        media = workdir / "media"
        if media.is_dir():
            for item in media.rglob("*"):
                if item.is_file():
                    dest = media_root / item.relative_to(media)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(item, dest)
    counts = table_counts(db)
    diff = {name: (n, counts.get(name)) for name, n in manifest["tables"].items() if counts.get(name) != n}
    if diff:
        raise BackupError(COUNTS_DIFFER.format(diff=diff))
    return manifest
