"""The full-page cache for anonymous readers, served before URL resolution or any database work.

Placed first in MIDDLEWARE, it stores the finished response (after every other middleware, so
security headers and compression are part of the stored bytes) keyed on host, path, the allowed
query parameters, the edition and whether the client accepts gzip. An entry is served while none of
its surrogate keys has been purged and its expiry (capped by the next scheduled publication in the
page's scope and the next local midnight, for the date in the masthead) has not passed.
"""

import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from dastan.caching import keys as surrogate
from dastan.caching.policy import (
    browser_max_age,
    cache_enabled,
    cacheable_query,
    default_ttl,
    page_edition,
    proxy_max_age,
    skip_request,
    stale_while_revalidate,
)

ENTRY_PREFIX = "dastan:page:"
HIT_HEADER = "X-Dastan-Cache"


def entry_key(host: str, path: str, query: str, edition: str, accept_encoding: str) -> str:
    """Return the cache key of a page: host, path, allowed query, edition, gzip or not."""
    gzip = "gz" if "gzip" in accept_encoding else "id"
    raw = f"{host}|{path}|{query}|{edition}|{gzip}"
    return ENTRY_PREFIX + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def _entry_key(request, query: str, edition: str) -> str | None:
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - a bad Host header is for Django's own handling to refuse
        return None
    return entry_key(host, request.path, query, edition, request.META.get("HTTP_ACCEPT_ENCODING", ""))


def fresh_entry(key: str, now: float) -> dict | None:
    """Return the cached page under KEY if it is unexpired and none of its keys was purged."""
    entry = cache.get(key)
    if entry is not None and entry["expires"] > now and surrogate.still_fresh(entry["tokens"]):
        return entry
    return None


def hit_headers(entry: dict, now: float) -> list[tuple[str, str]]:
    """Return the headers to send with a cached page at NOW."""
    fixed = {"cache-control", "age", HIT_HEADER.lower()}
    headers = [(k, v) for k, v in entry["headers"] if k.lower() not in fixed]
    return headers + [("Cache-Control", _cache_control(max(int(entry["expires"] - now), 0))),
                      ("Age", str(int(now - entry["created"]))), (HIT_HEADER, "hit")]


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = response.get("Vary", "").lower()
    return "cookie" not in vary and "*" not in vary


def _cache_control(ttl: int) -> str:
    proxy = min(proxy_max_age(), ttl)
    return (f"public, max-age={min(browser_max_age(), ttl)}, s-maxage={proxy}, "
            f"stale-while-revalidate={stale_while_revalidate()}")


def _expiry(request, now: float) -> float:
    """Return when the page for REQUEST must leave the cache (Unix time)."""
    until = now + default_ttl()
    capped = getattr(request, "cache_until", None)
    if capped is not None:
        until = min(until, capped.timestamp())
    # The masthead shows today's date: no page outlives local midnight.
    local = timezone.localtime()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timezone.timedelta(days=1)
    return min(until, midnight.timestamp())


class PageCacheMiddleware:
    """Serve anonymous readers' pages from the cache; store what they are sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cache_enabled() or skip_request(request):
            return self.get_response(request)
        query = cacheable_query(request)
        if query is None:
            return self.get_response(request)
        key = _entry_key(request, query, page_edition(request))
        if key is None:
            return self.get_response(request)
        now = time.time()
        entry = fresh_entry(key, now)
        if entry is not None:
            return self._serve(request, entry, now)
        started = now
        response = self.get_response(request)
        if request.method == "GET" and _storable(response):
            self._store(request, response, key, started)
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=int(time.time()), response=response,
            )
        return response

    def _store(self, request, response, key: str, started: float) -> None:
        page_keys = getattr(request, "surrogate_keys", None) or [f"list-{page_edition(request)}"]
        page_keys = [*page_keys, "site"]
        tokens = surrogate.tokens_for_store(page_keys, started)
        now = time.time()
        expires = _expiry(request, now)
        ttl = int(expires - now)
        header_keys = " ".join(page_keys)
        response["Surrogate-Key"] = header_keys
        response["Cache-Tag"] = ",".join(page_keys)
        response["Cache-Control"] = _cache_control(max(ttl, 0))
        patch_vary_headers(response, ("Accept-Encoding",))
        body = response.content
        response["ETag"] = quote_etag(hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20])
        response["Last-Modified"] = http_date(now)
        if tokens is None or ttl <= 0:
            return
        entry = {
            "status": response.status_code, "body": body, "created": now, "expires": expires,
            "tokens": tokens, "headers": [(k, v) for k, v in response.items()],
        }
        cache.set(key, entry, timeout=ttl)

    def _serve(self, request, entry: dict, now: float) -> HttpResponse:
        response = HttpResponse(entry["body"] if request.method == "GET" else b"", status=entry["status"])
        for name, value in hit_headers(entry, now):
            response[name] = value
        if request.method == "HEAD":
            response["Content-Length"] = str(len(entry["body"]))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=int(entry["created"]), response=response,
        )
