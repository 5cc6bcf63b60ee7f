"""A search's count and its pages of hits, cached until a change could alter what they show.

Both are cached per backend, edition, query keys and filters, under the tokens of the
``search`` key (purged by every write to the index: signals.py and rebuilds), of
``list-<edition>`` (every change to a published article of the edition, its tags and authors
included, which is what the filters read) and of ``site`` (sections, shown on each hit). A
scheduled article becomes visible with no write at all, so no entry outlives the edition's next
scheduled publication; a page of hits also ends with the hour its recency boost was measured
from (backends/base.py: ranking_time), so a cached ranking is the ranking a new search gives.
"""

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.urls import get_script_prefix
from django.utils import timezone, translation

from dastan.caching.counts import scoped_count
from dastan.caching.keys import current_tokens
from dastan.search.filters import Filters
from dastan.search.query import ParsedQuery

INDEX_KEY = "search"  # purged whenever the index changes
PAGE_PREFIX = "dastan:search-page:"


def search_count(backend, query: ParsedQuery, edition: str, filters: Filters, limit: int) -> int:
    """Return how many published articles of EDITION match QUERY and FILTERS, up to LIMIT (cached)."""
    now = timezone.now()

    def compute() -> dict:
        return {"count": backend.count(query, edition, filters, limit), "next": next_scheduled(edition, now)}

    name = f"search:{backend.name}:{edition}:{limit}:{signature(query, filters)}"
    count, _next = scoped_count(name, _keys(edition), compute, now=now)  # adds "site"
    return count


def cached_page(name: str, edition: str, compute: Callable[[], list]) -> list:
    """Return the rows COMPUTE makes for one page of hits, cached under the search's tokens.

    NAME says which page (backend, query signature, order, bounds); the language, time zone
    and script prefix the rows were rendered in are added to it.
    """
    if not getattr(settings, "DASTAN_SEARCH_CACHE", True):
        return compute()
    now = timezone.now()
    keys = [*_keys(edition), "site"]
    tokens = current_tokens(keys)  # read before computing: a purge meanwhile leaves the entry unread
    context = (translation.get_language(), timezone.get_current_timezone_name(), get_script_prefix())
    digest = hashlib.sha1(repr((name, edition, context, [tokens[k] for k in keys])).encode(),
                          usedforsecurity=False).hexdigest()
    found = cache.get(PAGE_PREFIX + digest)
    if found is not None and found["until"] > now:
        return found["rows"]
    rows = compute()
    hour_end = now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    until = min(t for t in (next_scheduled(edition, now), hour_end) if t is not None)
    ttl = min(int(getattr(settings, "DASTAN_PAGE_CACHE_SECONDS", 3600)), int((until - now).total_seconds()))
    if ttl > 0:
        cache.set(PAGE_PREFIX + digest, {"rows": rows, "until": until}, timeout=ttl)
    return rows


def next_scheduled(edition: str, now: datetime.datetime) -> datetime.datetime | None:
    """Return when the next scheduled article of EDITION appears, or None."""
    from dastan.publishing.models import Article

    scheduled = Article.objects.filter(edition=edition, status=Article.Status.PUBLISHED, published_at__gt=now)
    return scheduled.aggregate(next=Min("published_at"))["next"]


def signature(query: ParsedQuery, filters: Filters) -> str:
    """Return a digest of what decides the matches: every term's keys and the filters."""
    # The word as typed too: the fallback backend matches it rather than its keys.
    terms = [(t.word, sorted(t.exact), sorted(t.prefixes), sorted(t.phrases)) for t in query.terms]
    chosen = [getattr(getattr(filters, name), "pk", None) for name in ("section", "tag", "author")]
    bounds = [b.isoformat() if b else None for b in (filters.since, filters.until)]
    text = repr((terms, chosen, bounds))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _keys(edition: str) -> list[str]:
    return [INDEX_KEY, f"list-{edition}"]
