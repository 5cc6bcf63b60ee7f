"""The exact number of matches of a search, cached until a change to the index or the clock alters it.

A count is cached per backend, edition, query keys and filters, under the tokens of the
``search`` key (purged by every write to the index: signals.py and rebuilds) and of
``list-<edition>`` (purged by every change to a published article of the edition, its tags or
authors included, which is what the filters read). A scheduled article becomes visible with no
write at all, so an entry lives no longer than the edition's next scheduled publication.
"""

import hashlib

from django.db.models import Min
from django.utils import timezone

from dastan.caching.counts import scoped_count
from dastan.search.filters import Filters
from dastan.search.query import ParsedQuery

INDEX_KEY = "search"  # purged whenever the index changes


def search_count(backend, query: ParsedQuery, edition: str, filters: Filters) -> int:
    """Return how many published articles of EDITION match QUERY and FILTERS (cached, exact)."""
    now = timezone.now()

    def compute() -> dict:
        from dastan.publishing.models import Article

        scheduled = Article.objects.filter(edition=edition, status=Article.Status.PUBLISHED,
                                           published_at__gt=now)
        return {"count": backend.count(query, edition, filters),
                "next": scheduled.aggregate(next=Min("published_at"))["next"]}

    name = f"search:{backend.name}:{edition}:{_signature(query, filters)}"
    count, _next = scoped_count(name, [INDEX_KEY, f"list-{edition}"], compute, now=now)
    return count


def _signature(query: ParsedQuery, filters: Filters) -> str:
    """Return a digest of what decides the matches: every term's keys and the filters."""
    # The word as typed too: the fallback backend matches it rather than its keys.
    terms = [(t.word, sorted(t.exact), sorted(t.prefixes), sorted(t.phrases)) for t in query.terms]
    chosen = [getattr(getattr(filters, name), "pk", None) for name in ("section", "tag", "author")]
    bounds = [b.isoformat() if b else None for b in (filters.since, filters.until)]
    text = repr((terms, chosen, bounds))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
