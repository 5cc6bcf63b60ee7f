"""Surrogate keys: names for the content a page shows, so one write purges exactly those pages.

A page declares keys (``article-12``, ``tag-5``, ``home-en``...) while it renders. Each key has a
token in the cache; purging a key replaces its token. A cached page remembers the tokens it was
built with and is stale as soon as any of them differs, so a purge costs one cache write per key
however many pages carry it. A token records when it was made: a page rendered before a purge
of one of its keys is never stored under the new token (see ``tokens_for_store``).
"""

import time
import uuid
from collections.abc import Iterable

from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError

TOKEN_PREFIX = "dastan:sk:"
# Replaced by every purge: while it is unchanged, tokens this process already checked still hold,
# so a cache hit costs one token read however many keys the page carries.
GENERATION_KEY = TOKEN_PREFIX + "~generation"
_checked: dict = {"generation": None, "tokens": {}}
# A page whose rendering began less than this long after a purge of one of its keys is not
# stored: its database reads may predate the purge (app servers' clocks are NTP-close).
CLOCK_MARGIN_SECONDS = 1.0


def declare(request, *keys: str, until=None) -> None:
    """Record that the page for REQUEST shows KEYS and must not be cached past UNTIL (aware datetime)."""
    found = getattr(request, "surrogate_keys", None)
    if found is None:
        found = request.surrogate_keys = []
    found.extend(k for k in keys if k not in found)
    if until is not None:
        current = getattr(request, "cache_until", None)
        if current is None or until < current:
            request.cache_until = until


def token_cache():
    """Return the cache holding tokens: shared by every worker and app server (settings.CACHES)."""
    try:
        return caches["dastan_keys"]
    except InvalidCacheBackendError:
        return caches["default"]


def _new_token() -> str:
    return f"{time.time():.6f}:{uuid.uuid4().hex[:12]}"


def token_time(token: str) -> float:
    """Return the Unix time at which TOKEN was made."""
    return float(token.split(":", 1)[0])


def purge(keys: Iterable[str]) -> None:
    """Mark every page and count carrying any of KEYS as stale (one cache write per key)."""
    keys = set(keys)
    if keys:
        tokens = {TOKEN_PREFIX + k: _new_token() for k in keys}
        cache = token_cache()
        cache.set_many(tokens, timeout=None)
        # Written after the tokens: whoever sees the new generation also sees the new tokens.
        cache.set(GENERATION_KEY, _new_token(), timeout=None)


def current_tokens(keys: Iterable[str]) -> dict[str, str]:
    """Return the token of each of KEYS, creating a token for any key that has none yet."""
    keys = list(keys)
    cache = token_cache()
    found = cache.get_many([TOKEN_PREFIX + k for k in keys])
    missing = [k for k in keys if TOKEN_PREFIX + k not in found]
    if missing:
        # A token lost to eviction comes back new, so pages built with the old one go stale.
        # Made "old" (time 0) so a fresh key does not block storing the page being built.
        for k in missing:
            cache.add(TOKEN_PREFIX + k, f"0:{uuid.uuid4().hex[:12]}", timeout=None)
        found.update(cache.get_many([TOKEN_PREFIX + k for k in missing]))
    return {k: found.get(TOKEN_PREFIX + k, "") for k in keys}


def tokens_for_store(keys: Iterable[str], started: float) -> dict[str, str] | None:
    """Return the tokens to store with a page rendered from STARTED, or None if a purge overlapped it."""
    tokens = current_tokens(keys)
    for token in tokens.values():
        if not token or token_time(token) > started - CLOCK_MARGIN_SECONDS:
            return None
    return tokens


def _known_tokens(keys: Iterable[str], *, recheck: bool = True) -> dict[str, str]:
    """Return the current token of each of KEYS that has one, reading only what this process lacks.

    RECHECK False trusts the generation read by an earlier call (in the same request).
    """
    cache = token_cache()
    if recheck or _checked["generation"] is None:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, _new_token(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        if generation != _checked["generation"]:
            _checked["generation"], _checked["tokens"] = generation, {}
    known = _checked["tokens"]
    unknown = [k for k in keys if k not in known]
    if unknown:
        now = cache.get_many([TOKEN_PREFIX + k for k in unknown])
        # A key without a token yet gets one from current_tokens() without a new generation.
        known.update({k: now[TOKEN_PREFIX + k] for k in unknown if TOKEN_PREFIX + k in now})
    return known


def tokens_now(keys: Iterable[str]) -> dict[str, str]:
    """Return the token of each of KEYS like current_tokens(), from this process's memory when it can."""
    keys = list(keys)
    known = _known_tokens(keys)
    missing = [k for k in keys if k not in known]
    found = {k: known[k] for k in keys if k in known}
    if missing:
        found.update(current_tokens(missing))
    return found


def still_fresh(tokens: dict[str, str]) -> bool:
    """Return True when none of the keys in TOKENS has been purged since they were read."""
    if not tokens:
        return True
    known = _known_tokens(tokens)
    return all(known.get(k) == t for k, t in tokens.items())


def all_fresh(entries: Iterable[dict[str, str]], *, recheck: bool = True) -> list[bool]:
    """Return still_fresh() of each token dict in ENTRIES, reading the token cache once for all.

    RECHECK False skips reading the generation again within one request (see _known_tokens).
    """
    entries = list(entries)
    wanted = {k for tokens in entries for k in tokens}
    known = _known_tokens(wanted, recheck=recheck) if wanted else {}
    return [all(known.get(k) == t for k, t in tokens.items()) for tokens in entries]
