"""Fragment cache: the rendered parts of a page that change rarely, read with one get_many a request.

A fragment (an article's body, its related articles, a listing card, the rates ticker...) is
stored with the tokens of the surrogate keys it depends on, like a cached page: it is used while
none of them has been purged, and it is never stored when a purge of one of them overlapped its
rendering (``keys.tokens_for_store``). Names carry what the HTML depends on besides those keys
(the language, the day, an article's version), so fragments are never shared across editions.
The page around them is rendered on every request; see docs/performance.md.
"""

import dataclasses
import datetime
import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from dastan.caching import keys as surrogate
from dastan.caching.policy import default_ttl

FRAGMENT_PREFIX = "dastan:fragment:"


def cache_key(fragment: str) -> str:
    """Return the cache key of fragment FRAGMENT (hashed: names may hold paths and any text)."""
    return FRAGMENT_PREFIX + hashlib.sha1(fragment.encode(), usedforsecurity=False).hexdigest()


def fragments_enabled() -> bool:
    """Return True when rendered fragments are cached (DASTAN_FRAGMENT_CACHE)."""
    return bool(getattr(settings, "DASTAN_FRAGMENT_CACHE", True))


@dataclasses.dataclass
class Built:
    """A freshly rendered fragment: its value, the surrogate keys it shows, and when it expires."""

    value: Any
    keys: Iterable[str]
    until: datetime.datetime | None = None  # e.g. when a scheduled article will change it


class Fragments:
    """The fragments of one request: fetched together, built and stored when missing or stale."""

    def __init__(self, request, names: Iterable[str] = (), *, enabled: bool = True):
        self.request = request
        self.enabled = enabled and fragments_enabled()
        # Data read after this instant may be newer than a purge; tokens_for_store compares.
        self.started = time.time()
        self.found: dict[str, dict] = {}
        self.asked: set[str] = set()
        self.checked = False  # the purge generation has been read for this request
        self.fetch(names)

    def fetch(self, names: Iterable[str]) -> None:
        """Read the fragments NAMES (full names, see ``name``) in one cache round trip."""
        names = [n for n in names if n not in self.asked]
        self.asked.update(names)
        if not names or not self.enabled:
            return
        wanted = {cache_key(n): n for n in names}
        stored = cache.get_many(list(wanted))
        entries = [(wanted[k], entry) for k, entry in stored.items()]
        now = time.time()
        fresh = surrogate.all_fresh((entry["tokens"] for _n, entry in entries), recheck=not self.checked)
        self.checked = self.checked or bool(entries)
        for (name, entry), ok in zip(entries, fresh, strict=True):
            if ok and entry["expires"] > now:
                self.found[name] = entry

    def get(self, name: str, build: Callable[[], Built], *, declare: bool = True) -> Any:
        """Return fragment NAME, from the cache or from BUILD; DECLARE its keys for the page cache."""
        return self.part(name, build, declare=declare).value

    def part(self, name: str, build: Callable[[], Built], *, declare: bool = True) -> Built:
        """Return fragment NAME with its keys and expiry, from the cache or from BUILD."""
        if name not in self.asked:
            self.fetch([name])
        entry = self.found.get(name)
        if entry is None:
            entry = self.found[name] = self._store(name, build())
        if declare:
            surrogate.declare(self.request, *(k for k in entry["keys"] if k != "site"),
                              until=entry["until"])
        return Built(entry["value"], entry["keys"], entry["until"])

    def _store(self, name: str, built: Built) -> dict:
        page_keys = list(dict.fromkeys([*built.keys, "site"]))
        entry = {"value": built.value, "keys": page_keys, "until": built.until}
        if not self.enabled:
            return entry
        tokens = surrogate.tokens_for_store(page_keys, self.started)
        now = time.time()
        ttl = default_ttl()
        if built.until is not None:
            ttl = min(ttl, int(built.until.timestamp() - now))
        if tokens is not None and ttl > 0:
            cache.set(cache_key(name), {**entry, "tokens": tokens, "expires": now + ttl}, timeout=ttl)
        return entry


def name(*parts) -> str:
    """Return a fragment name from PARTS and the active language (rendering depends on it)."""
    return ":".join([*(str(p) for p in parts), translation.get_language() or "-"])


def for_request(request, names: Iterable[str] = ()) -> Fragments:
    """Return the request's Fragments, reading NAMES and every page's common fragments at once."""
    found = getattr(request, "fragments", None)
    if found is None:
        from dastan.core.context_processors import common_fragment_names

        found = request.fragments = Fragments(request, [*names, *common_fragment_names(request)])
    else:
        found.fetch(names)
    return found
