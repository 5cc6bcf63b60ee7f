"""Tag and author pages read from the listing index: no join sort, no COUNT(*) per request."""

from django.core.paginator import Page
from django.db.models import Count, Min, Q
from django.utils import timezone

from dastan.caching.counts import scoped_count
from dastan.caching.keys import declare
from dastan.caching.models import ListingEntry
from dastan.core.pagination import paginate


class IndexedListing:
    """A lazily sliced listing: a slice is one index range of ids, then those rows for display."""

    ordered = True  # the paginator warns on unordered lists; this one has the index's order

    def __init__(self, rows, entries, count: int):
        self.rows, self.entries, self._count = rows, entries, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, bounds: slice) -> list:
        ids = self.entries.values_list("article_id", flat=True)[bounds]
        return list(self.rows.filter(id__in=ids))


def scope_entries(scope: str, scope_id: int, edition: str):
    """Return the listing-index rows of one tag or author in EDITION, newest first (all times)."""
    return ListingEntry.objects.filter(scope=scope, scope_id=scope_id, edition=edition)


def indexed_page(request, *, scope: str, scope_id: int, edition: str, rows) -> Page:
    """Return the requested page of ROWS (listing rows) under a tag or author, counted from cache."""
    now = timezone.now()
    entries = scope_entries(scope, scope_id, edition)
    key = f"{scope}-{scope_id}"

    def compute():
        return entries.aggregate(
            count=Count("id", filter=Q(published_at__lte=now)),
            next=Min("published_at", filter=Q(published_at__gt=now)),
        )

    count, next_time = scoped_count(f"{key}:{edition}", [key, f"list-{edition}"], compute, now=now)
    declare(request, key, until=next_time)
    visible = entries.filter(published_at__lte=now).order_by("-published_at", "-article_id")
    return paginate(request, IndexedListing(rows, visible, count), count=count)
