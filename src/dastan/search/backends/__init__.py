"""Pick the search backend: DASTAN_SEARCH_BACKEND if set, else by database vendor and a probe."""

import functools
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

from dastan.search.backends.base import SearchBackend

logger = logging.getLogger("dastan.search")


def get_backend() -> SearchBackend:
    """Return the search backend for the default database."""
    return _load(settings.DASTAN_SEARCH_BACKEND or "", connection.vendor)


def reset() -> None:
    """Forget the chosen backend (after a settings change in tests)."""
    _load.cache_clear()


def has_fts5() -> bool:
    """Tell whether this SQLite has FTS5 and migration 0001 created the index table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'")
        return bool(cursor.fetchone()[0])


@functools.cache
def _load(path: str, vendor: str) -> SearchBackend:
    if path:
        try:
            backend = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"DASTAN_SEARCH_BACKEND={path!r} cannot be imported ({exc}). Set it to the dotted path "
                "of a SearchBackend subclass, e.g. dastan.search.backends.sqlite.SQLiteBackend, "
                "or leave it empty to choose by database."
            ) from exc
        if not (isinstance(backend, type) and issubclass(backend, SearchBackend)):
            raise ImproperlyConfigured(
                f"DASTAN_SEARCH_BACKEND={path!r} is not a SearchBackend subclass; point it at one, "
                "or leave it empty to choose by database."
            )
        return backend()
    if vendor == "postgresql":
        from dastan.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if vendor == "sqlite" and has_fts5():
        from dastan.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend()
    from dastan.search.backends.fallback import FallbackBackend

    logger.warning(
        "Search: no full-text index on this %s database (SQLite without FTS5?); using the slow "
        "substring fallback, without ranking or spelling variants.", vendor,
    )
    return FallbackBackend()
