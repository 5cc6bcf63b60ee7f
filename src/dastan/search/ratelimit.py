"""Limit how often one client may search: a fixed window counted in the cache, keyed on the IP.

The cache is Redis in production (shared by every app server) and process memory otherwise.
Behind a proxy, REMOTE_ADDR must be the reader's address (set by the proxy's middleware).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate: str) -> tuple[int, int] | None:
    """Return (requests, seconds) for a rate like "30/m", or None for "off"."""
    if rate.strip().lower() in {"", "off", "0"}:
        return None
    try:
        count, unit = rate.strip().split("/")
        return int(count), _UNITS[unit.strip().lower()[:1]]
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DASTAN_SEARCH_RATE={rate!r} is not a rate: write requests per unit, e.g. 30/m, 5/s or 600/h, "
            "or off."
        ) from exc


def retry_after(request) -> int | None:
    """Count this request; return the seconds to wait if the client is over the limit, else None."""
    rate = parse_rate(settings.DASTAN_SEARCH_RATE)
    if rate is None:
        return None
    limit, seconds = rate
    now = time.time()
    window = int(now // seconds)
    key = f"dastan:search-rate:{request.META.get('REMOTE_ADDR', '')}:{window}"
    if cache.add(key, 1, seconds + 1):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, seconds + 1)
            used = 1
    if used <= limit:
        return None
    return max(int((window + 1) * seconds - now), 1)
