"""The contract every search backend keeps; see docs/search.md."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from dastan.search.cache import INDEX_KEY, search_count
from dastan.search.documents import Document, document_for, is_indexed
from dastan.search.filters import Filters
from dastan.search.highlight import Matcher, snippet
from dastan.search.query import ParsedQuery

RELEVANCE, NEWEST = "relevance", "date"
# Mild recency boost: a just-published article's score is multiplied by up to 1 + BOOST, and the
# boost halves after BOOST_DAYS; an old headline match still outranks a fresh body match.
RECENCY_BOOST = 0.25
RECENCY_DAYS = 30
REBUILD_CHUNK = 2000
# The article fields document_for() reads; a rebuild loads no others (the bodies are long enough).
DOCUMENT_FIELDS = ("id", "edition", "published_at", "section", "headline", "lead", "body")
# Relevance is scored for this many of the newest matches (by article id); older matches follow
# them, newest first. Scoring reads each match's positions, so a word found in half the archive
# would otherwise cost half the archive on every page view. Every match up to the count cap is
# still listed, and sort by date orders them all.
RANK_WINDOW = 1000
NEWEST_ID = "id"  # the order of the matches past the rank window


@dataclass
class Hit:
    article_id: int
    rank: float
    body_text: str
    keys: str | None = None  # the body's indexed keys, one per word, where the backend has them
    snippet: str = ""


class SearchResults(Sequence):
    """The hits of one search, counted and fetched lazily a page at a time (for Paginator)."""

    def __init__(self, backend: "SearchBackend", query: ParsedQuery, edition: str, filters: Filters,
                 order: str):
        self.backend, self.query, self.order = backend, query, order
        self.edition, self.filters = edition, filters
        self.cap = count_cap()
        self._found: int | None = None

    def _matches(self) -> int:
        """Return how many matches there are, counted no further than the cap and one more."""
        if self._found is None:
            self._found = (search_count(self.backend, self.query, self.edition, self.filters, self.cap + 1)
                           if self.query else 0)
        return self._found

    def count(self) -> int:
        """Return how many matches there are, or the cap when there are more: the hits one can page to."""
        return min(self._matches(), self.cap)

    @property
    def more(self) -> bool:
        """Tell whether there are more matches than count() says (the counting stopped at the cap)."""
        return self._matches() > self.cap

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("SearchResults only supports slicing")
        start, stop = index.start or 0, index.stop
        if not self.query or stop is None or stop <= start:
            return []
        hits = self.backend.hits(self.query, self.edition, self.filters, self.order, start, stop - start,
                                 matches=self._matches())
        matcher = Matcher.of(self.query)
        for hit in hits:
            hit.snippet = snippet(hit.body_text, matcher, hit.keys)
        return hits


class SearchBackend:
    """Index articles and find them; a subclass fills in the SQL for one database."""

    name = "base"
    # What this backend can do; the contract tests skip, saying why, what it cannot.
    features: frozenset[str] = frozenset({"ranking", "folding", "stemming", "aliases"})
    rank_window = RANK_WINDOW  # how many of the newest matches this database can score quickly

    def search(self, query: ParsedQuery, *, edition: str, filters: Filters | None = None,
               order: str = RELEVANCE) -> SearchResults:
        """Return the hits of QUERY among the published articles of EDITION that pass FILTERS."""
        return SearchResults(self, query, edition, filters or Filters(), order)

    def index_article(self, article) -> None:
        """Put ARTICLE in the index as it is now, or take it out if readers may never see it."""
        if not is_indexed(article):
            self.remove_article(article.pk)
            return
        self.write([document_for(article)], replace=True)

    def rebuild(self, articles: QuerySet, progress: Callable[[int], None] | None = None) -> int:
        """Empty the index and fill it with ARTICLES (published or scheduled); return how many.

        One transaction, so readers see the old index until the new one is whole. Articles are
        read in id order a chunk at a time, with only the fields a document needs; every tag's
        spellings are read once, not once per article that carries it.
        """
        done, last = 0, None
        spellings = tag_spellings()
        links = articles.model.tags.through.objects
        with transaction.atomic():
            self.clear()
            while True:
                chunk = articles.order_by("pk").only(*DOCUMENT_FIELDS)
                chunk = list((chunk if last is None else chunk.filter(pk__gt=last))[:REBUILD_CHUNK])
                if not chunk:
                    break
                last = chunk[-1].pk
                tagged: dict[int, list[str]] = {}
                # Ordered as article.tags.all() is (by name), so the document is the one a save writes.
                pairs = (links.filter(article_id__gte=chunk[0].pk, article_id__lte=last)
                         .order_by("article_id", "tag__name", "tag_id").values_list("article_id", "tag_id"))
                for article_id, tag_id in pairs:
                    tagged.setdefault(article_id, []).extend(spellings[tag_id])
                self.fill([document_for(a, spellings=tagged.get(a.pk, [])) for a in chunk])
                done += len(chunk)
                if progress:
                    progress(len(chunk))
            index_changed()
        return done

    def fill(self, documents: list[Document]) -> None:
        """Add DOCUMENTS, none of them in the index yet, during a rebuild."""
        self.write(documents, replace=False)

    # What each database does differently.

    def write(self, documents: Iterable[Document], *, replace: bool) -> None:
        raise NotImplementedError

    def remove_article(self, article_id: int) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def count(self, query: ParsedQuery, edition: str, filters: Filters, limit: int) -> int:
        """Return how many matches there are, counting no further than LIMIT."""
        raise NotImplementedError

    def hits(self, query: ParsedQuery, edition: str, filters: Filters, order: str, offset: int,
             limit: int, *, matches: int | None = None) -> list[Hit]:
        """Return hits OFFSET to OFFSET+LIMIT in ORDER: the scored window first, then older matches.

        MATCHES, when known, is the search's count (up to the cap and one): a backend may plan by it.
        """
        if order == NEWEST:
            return self.page(query, edition, filters, NEWEST, offset, limit)
        window, hits = min(RANK_WINDOW, self.rank_window), []
        if offset < window:
            hits += self.page(query, edition, filters, RELEVANCE, offset, min(limit, window - offset), window,
                              matches=matches)
        if offset + limit > window:
            start = max(offset, window)
            hits += self.page(query, edition, filters, NEWEST_ID, start, offset + limit - start)
        return hits

    def page(self, query: ParsedQuery, edition: str, filters: Filters, order: str, offset: int, limit: int,
             window: int = 0, matches: int | None = None) -> list[Hit]:
        """Return hits in ORDER: RELEVANCE among the WINDOW newest matches, NEWEST or NEWEST_ID."""
        raise NotImplementedError


def count_cap() -> int:
    """Return how many matches a search counts at most (DASTAN_SEARCH_COUNT_CAP, at least 1).

    Counting every match costs a visit to each of them, so a word in half the archive would cost
    half the archive on every page view; past the cap the page says "of more than N".
    """
    return max(1, int(getattr(settings, "DASTAN_SEARCH_COUNT_CAP", 1000)))


def index_changed() -> None:
    """Purge every search's cached count and pages of hits, now and when the transaction commits."""
    from dastan.caching.signals import purge_now_and_on_commit

    purge_now_and_on_commit({INDEX_KEY})


def visible_sql(edition: str, filters: Filters, table: str) -> tuple[str, list]:
    """Return the conditions on the index TABLE's own columns that keep what a search may return.

    The index holds only published (and scheduled) articles, each with its edition, publication
    time and section, so ArticleQuerySet.published() is the edition and the clock compared here
    (as SQL, not joined: joining the articles made every search visit every article of the
    edition), and the section and date filters are compared here too. Tags and authors live in
    their link tables, read by the ORM. The contract tests hold both to the ORM's answer.
    """
    adapt = connection.ops.adapt_datetimefield_value
    where = [f"{table}.edition = %s", f"{table}.published_at <= %s"]
    params: list = [edition, adapt(now())]
    if filters.section:
        where.append(f"{table}.section_id = %s")
        params.append(filters.section.pk)
    if filters.since:
        where.append(f"{table}.published_at >= %s")
        params.append(adapt(filters.since))
    if filters.until:
        where.append(f"{table}.published_at < %s")
        params.append(adapt(filters.until))
    from dastan.publishing.models import Article

    for field, links, chosen in (("tag", Article.tags.through, filters.tag),
                                 ("author", Article.authors.through, filters.author)):
        if chosen:
            chosen_links = links.objects.filter(**{field: chosen}).values("article_id")
            sub, sub_params = chosen_links.query.sql_with_params()
            where.append(f"{table}.article_id IN ({sub})")
            params += sub_params
    return " AND ".join(where), params


def tag_spellings() -> dict[int, list[str]]:
    """Return every spelling of every tag, by tag id (two queries)."""
    from dastan.taxonomy.models import Tag

    return {tag.pk: tag.spellings() for tag in Tag.objects.prefetch_related("aliases")}


def run(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def now():
    return timezone.now()


def ranking_time() -> datetime.datetime:
    """Return the time the recency boost measures ages from: the start of the current hour.

    A ranking then holds for the whole hour, so a page of hits can be cached until it ends
    (search/cache.py); an hour moves the boost of a day-old article by a thousandth.
    """
    return now().replace(minute=0, second=0, microsecond=0)
