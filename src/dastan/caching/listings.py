"""Tag and author pages read from the listing index: no join sort, no COUNT(*) per request."""

from django.core.paginator import Page
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone

from dastan.caching.counts import scoped_count
from dastan.caching.keys import declare
from dastan.caching.models import ListingEntry
from dastan.core.pagination import paginate


class IndexedListing:
    """A lazily sliced listing: a slice is one index range of ids (then those ROWS, if given)."""

    ordered = True  # the paginator warns on unordered lists; this one has the index's order

    def __init__(self, rows, entries, count: int, ids=None):
        self.rows, self.entries, self._count, self.ids = rows, entries, count, ids  # entries: a callable

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, bounds: slice) -> list:
        if self.rows is None and self.ids is not None:
            return self.ids(bounds.start, bounds.stop - bounds.start)
        ids = self.entries().values_list("article_id", flat=True)[bounds]
        return list(self.rows.filter(id__in=ids))


def _range_ids(scope: str, scope_id: int, edition: str, now):
    """Return a function reading one page of article ids from the listing index (one index range).

    Raw SQL for the same reason as related_articles: the query is the page's only one on the
    index, and compiling it through the ORM costs more than running it.
    """
    table = connection.ops.quote_name(ListingEntry._meta.db_table)
    sql = (f"SELECT article_id FROM {table} WHERE scope = %s AND scope_id = %s AND edition = %s "
           "AND published_at <= %s ORDER BY published_at DESC, article_id DESC LIMIT %s OFFSET %s")
    when = connection.ops.adapt_datetimefield_value(now)

    def ids(offset: int, limit: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(sql, [scope, scope_id, edition, when, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    return ids


def scope_entries(scope: str, scope_id: int, edition: str):
    """Return the listing-index rows of one tag or author in EDITION, newest first (all times)."""
    return ListingEntry.objects.filter(scope=scope, scope_id=scope_id, edition=edition)


def indexed_page(request, *, scope: str, scope_id: int, edition: str, rows=None) -> Page:
    """Return the requested page of ROWS (listing rows; None: article ids) under a tag or author."""
    now = timezone.now()
    key = f"{scope}-{scope_id}"

    def compute():
        return scope_entries(scope, scope_id, edition).aggregate(
            count=Count("id", filter=Q(published_at__lte=now)),
            next=Min("published_at", filter=Q(published_at__gt=now)),
        )

    count, next_time = scoped_count(f"{key}:{edition}", [key, f"list-{edition}"], compute, now=now)
    declare(request, key, until=next_time)

    def visible():
        return (scope_entries(scope, scope_id, edition).filter(published_at__lte=now)
                .order_by("-published_at", "-article_id"))

    ids = _range_ids(scope, scope_id, edition, now) if rows is None else None
    return paginate(request, IndexedListing(rows, visible, count, ids), count=count)


RELATED_PER_TAG = 24  # newest candidates taken from each tag before ranking by tags shared


def related_articles(*, article_id: int, tag_ids: list[int], edition: str, limit: int, now=None) -> list:
    """Return the published articles sharing most tags with an article, newest first among equals.

    Candidates are the newest RELATED_PER_TAG articles of each tag, each one index range, so the
    cost does not grow with the tag (counting shared tags over every article of a tag with half a
    million articles would). One query whatever the number of tags; the rows carry only what a
    link needs (id, edition, slug, headline, publication time).
    """
    from dastan.publishing.models import Article

    if not tag_ids:
        return []
    now = connection.ops.adapt_datetimefield_value(now or timezone.now())
    entries = connection.ops.quote_name(ListingEntry._meta.db_table)
    articles = connection.ops.quote_name(Article._meta.db_table)
    branch = (f"SELECT * FROM (SELECT article_id, published_at FROM {entries} WHERE scope = 'tag' "
              "AND scope_id = %s AND edition = %s AND published_at <= %s AND article_id <> %s "
              "ORDER BY published_at DESC, article_id DESC LIMIT %s) AS c{n}")
    union = " UNION ALL ".join(branch.format(n=n) for n in range(len(tag_ids)))
    sql = (f"SELECT a.id, a.edition, a.slug, a.headline, a.published_at FROM (SELECT article_id, "
           f"COUNT(*) AS shared, MAX(published_at) AS latest FROM ({union}) AS candidates "
           f"GROUP BY article_id) AS r JOIN {articles} a ON a.id = r.article_id WHERE a.status = 'published' "
           "ORDER BY r.shared DESC, r.latest DESC, a.id DESC LIMIT %s")
    params = [p for pk in tag_ids for p in (pk, edition, now, article_id, RELATED_PER_TAG)] + [limit]
    return list(Article.objects.raw(sql, params))


def home_ids(*, edition: str, section_ids: list[int], latest: int, per_section: int, now=None) -> dict:
    """Return {None: newest ids, section id: its newest ids} for the home page, in one query.

    Each branch is one range of an index in listing order (edition listing, section listing), so
    the home page costs the same with 5,000 or 1,000,000 articles; numbering every article per
    section with a window function sorts them all.
    """
    from dastan.publishing.models import Article

    now = connection.ops.adapt_datetimefield_value(now or timezone.now())
    table = connection.ops.quote_name(Article._meta.db_table)
    where = "edition = %s AND status = 'published' AND published_at <= %s"
    branches = [f"SELECT * FROM (SELECT id, 0 AS grp FROM {table} WHERE {where} "
                "ORDER BY published_at DESC, id DESC LIMIT %s) AS latest"]
    params: list = [edition, now, latest]
    for n, pk in enumerate(section_ids):
        branches.append(f"SELECT * FROM (SELECT id, section_id AS grp FROM {table} WHERE section_id = %s "
                        f"AND {where} ORDER BY published_at DESC, id DESC LIMIT %s) AS s{n}")
        params += [pk, edition, now, per_section]
    found: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        for pk, group in cursor.fetchall():
            found.setdefault(group or None, []).append(pk)  # section ids start at 1; 0 is "latest"
    return found
