"""Exact listing counts without a COUNT(*) per request: cached per scope, purged with its keys."""

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from dastan.caching.keys import tokens_now

COUNT_PREFIX = "dastan:count:"


def counts_enabled() -> bool:
    """Return True when listing counts are cached (DASTAN_COUNT_CACHE)."""
    return bool(getattr(settings, "DASTAN_COUNT_CACHE", True))


def scoped_count(
    name: str, keys: list[str], compute: Callable[[], dict], *, now: datetime.datetime | None = None
) -> tuple[int, datetime.datetime | None]:
    """Return (visible count, next scheduled publication) for a listing scope, cached.

    COMPUTE returns {"count": ..., "next": ...} in one query. The entry is stored under the
    tokens of KEYS read before computing, so a purge during the computation leaves it unread;
    it expires when the next scheduled article appears, since no job runs then.
    """
    now = now or timezone.now()
    if not counts_enabled():
        found = compute()
        return found["count"], found["next"]
    keys = [*keys, "site"]  # "site" is purged after bulk rebuilds and section changes
    tokens = tokens_now(keys)
    signature = hashlib.sha1("|".join(tokens[k] for k in keys).encode(), usedforsecurity=False).hexdigest()
    cache_key = f"{COUNT_PREFIX}{name}:{signature}"
    found = cache.get(cache_key)
    if found is None or (found["next"] is not None and found["next"] <= now):
        found = compute()
        ttl = int(getattr(settings, "DASTAN_PAGE_CACHE_SECONDS", 3600))
        if found["next"] is not None:
            ttl = min(ttl, int((found["next"] - now).total_seconds()))
        if ttl > 0:
            cache.set(cache_key, found, timeout=ttl)
    return found["count"], found["next"]
