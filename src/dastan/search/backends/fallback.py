"""A working search for a database without full-text search: substring matches, newest first.

Used (with a warning in the log) when SQLite lacks FTS5 or the database is neither SQLite nor
PostgreSQL. It has no index, no ranking, no folding and no stemming: the contract tests say so.
"""

from functools import reduce
from operator import and_

from django.db.models import Q, QuerySet

from dastan.search.backends.base import Hit, SearchBackend
from dastan.search.documents import plain_text
from dastan.search.filters import Filters, allowed
from dastan.search.query import ParsedQuery


class FallbackBackend(SearchBackend):
    name = "fallback"
    features = frozenset()

    def write(self, documents, *, replace: bool) -> None:
        """Keep no index: every search reads the articles themselves."""

    def remove_article(self, article_id: int) -> None:
        """Keep no index."""

    def clear(self) -> None:
        """Keep no index."""

    def _matching(self, query: ParsedQuery, edition: str, filters: Filters) -> QuerySet:
        conditions = [Q(headline__icontains=t.word) | Q(lead__icontains=t.word) | Q(body__icontains=t.word)
                      for t in query.terms]
        return allowed(edition, filters).filter(reduce(and_, conditions))

    def count(self, query: ParsedQuery, edition: str, filters: Filters, limit: int) -> int:
        return self._matching(query, edition, filters).order_by()[:limit].count()

    def hits(self, query: ParsedQuery, edition: str, filters: Filters, order: str, offset: int,
             limit: int, *, matches: int | None = None) -> list[Hit]:
        rows = (self._matching(query, edition, filters).order_by("-published_at", "-id")
                .values_list("id", "body")[offset:offset + limit])
        return [Hit(article_id=pk, rank=0.0, body_text=plain_text(body)) for pk, body in rows]
