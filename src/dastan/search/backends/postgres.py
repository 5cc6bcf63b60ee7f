"""PostgreSQL full-text search: per article a tsvector to rank (``vector``, with positions and
weights) and its stripped copy to match (``keys``, GIN-indexed; migrations 0001 and 0004)."""

from collections.abc import Iterable

from django.db import connection, transaction

from dastan.search.backends.base import (
    NEWEST,
    RECENCY_BOOST,
    RECENCY_DAYS,
    RELEVANCE,
    Hit,
    SearchBackend,
    count_cap,
    ranking_time,
    run,
    visible_sql,
)
from dastan.search.documents import Document
from dastan.search.filters import Filters
from dastan.search.query import ParsedQuery

# Weights for D, C, B, A: A is the headline and tags, B the lead, C the body.
RANK = "ts_rank_cd('{0.05, 0.1, 0.4, 1.0}'::float4[], w.vector, tsq.q, 1)"
# The keys are already stemmed per language (Snowball, the same stemmers as the 'english' and
# 'russian' configurations) and transliterated, so they are indexed with 'simple'.
VECTOR_OF = ("setweight(to_tsvector('simple', {0}), 'A') || setweight(to_tsvector('simple', {1}), 'B')"
             " || setweight(to_tsvector('simple', {2}), 'C')")
VECTOR = VECTOR_OF.format("%s", "%s", "%s")
STAGING = "search_staging"  # a rebuild's documents, copied in, then made vectors in one statement
# A document's columns but its vectors: visibility and filters (see visible_sql), and the snippet text.
COLUMNS = "article_id, edition, published_at, section_id, body_text"
# What a search matches against: the words alone, about 2 µs a test where the whole vector costs 12.
MATCH = "keys @@ to_tsquery('simple', %s)"


def tsquery_text(query: ParsedQuery) -> str:
    """Return the to_tsquery text for QUERY: every term an OR-group of quoted keys, ANDed."""
    return query.boolean(word="'{}'", prefix="'{}':*", both="&", either="|")


def insert_documents(source: str) -> str:
    """Return the INSERT of the documents SOURCE selects (COLUMNS and vector), each with its keys:
    the vector is made once and stripped, not made twice."""
    return (f"INSERT INTO search_document ({COLUMNS}, vector, keys) "
            f"SELECT {COLUMNS}, vector, strip(vector) FROM ({source}) AS made")


def run_indexed(sql: str, params: list) -> list[tuple]:
    """Run a search query with sequential scans off.

    The planner prices a tsvector match as cheap, so for a common word it scans the table; but
    that reads every article's whole vector back from TOAST, where the GIN index answers from
    the index alone (10,000 articles: 290 ms against 7 ms). JIT is off too: a plan priced with
    a disabled scan looks costly enough to compile, 50-200 ms for a query of a few milliseconds.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


class PostgresBackend(SearchBackend):
    name = "postgresql"
    # Scoring reads each match's whole vector back from TOAST, five times slower than FTS5's bm25.
    rank_window = 200

    def write(self, documents: Iterable[Document], *, replace: bool) -> None:
        rows = [(d.article_id, d.edition, d.published_at, d.section_id, d.body_text, d.head, d.lead, d.body)
                for d in documents]
        with connection.cursor() as cursor:
            one = ("SELECT %s::bigint AS article_id, %s::text AS edition, %s::timestamptz AS published_at, "
                   f"%s::bigint AS section_id, %s::text AS body_text, {VECTOR} AS vector")
            cursor.executemany(
                insert_documents(one) + " ON CONFLICT (article_id) DO UPDATE SET "
                "edition = EXCLUDED.edition, published_at = EXCLUDED.published_at, "
                "section_id = EXCLUDED.section_id, body_text = EXCLUDED.body_text, "
                "vector = EXCLUDED.vector, keys = EXCLUDED.keys",
                rows,
            )

    def rebuild(self, articles, progress=None) -> int:
        with transaction.atomic():
            run(f"CREATE TEMPORARY TABLE {STAGING} (article_id bigint, edition text, "
                "published_at timestamptz, section_id bigint, body_text text, head text, lead text, "
                "body text) ON COMMIT DROP", [])
            done = super().rebuild(articles, progress)
            run(f"DROP TABLE {STAGING}", [])  # now: ON COMMIT waits for the outermost transaction
        run("ANALYZE search_document", [])  # fresh statistics, or the planner guesses one row
        return done

    def fill(self, documents) -> None:
        """COPY the documents in and build their vectors set-wise: a row-by-row INSERT costs 3× more."""
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {STAGING} ({COLUMNS}, head, lead, body) FROM STDIN") as copy:
                for d in documents:
                    copy.write_row((d.article_id, d.edition, d.published_at, d.section_id, d.body_text,
                                    d.head, d.lead, d.body))
            cursor.execute(insert_documents(
                f"SELECT {COLUMNS}, {VECTOR_OF.format('head', 'lead', 'body')} AS vector FROM {STAGING}"))
            cursor.execute(f"TRUNCATE {STAGING}")

    def remove_article(self, article_id: int) -> None:
        run("DELETE FROM search_document WHERE article_id = %s", [article_id])

    def clear(self) -> None:
        run("DELETE FROM search_document", [])

    def _where(self, query: ParsedQuery, edition: str, filters: Filters) -> tuple[str, list]:
        """Return FROM and WHERE of a search's matches, as search_document d, and their parameters.

        Visibility and filters are checked on the index's own columns (visible_sql): no join.
        """
        visible, params = visible_sql(edition, filters, "d")
        return (f"FROM search_document AS d WHERE d.{MATCH} AND {visible}",
                [tsquery_text(query), *params])

    def count(self, query: ParsedQuery, edition: str, filters: Filters, limit: int) -> int:
        where, params = self._where(query, edition, filters)
        # Stops after LIMIT matches: uncapped, the count visits every one (a common word: most rows).
        sql = f"SELECT count(*) FROM (SELECT 1 {where} LIMIT %s) AS capped"
        return run_indexed(sql, [*params, limit])[0][0]

    def page(self, query: ParsedQuery, edition: str, filters: Filters, order: str, offset: int, limit: int,
             window: int = 0, matches: int | None = None) -> list[Hit]:
        where, params = self._where(query, edition, filters)
        columns = "d.article_id AS id, d.published_at AS published_at"
        if order == RELEVANCE:
            # Only WINDOW matches are scored: ranking reads each match's whole vector.
            if matches is not None and matches <= count_cap():
                # Few matches (the count did not reach the cap): take them from the GIN index first,
                # fenced so the planner cannot walk an index newest first instead, testing each
                # row's vector: for a word in 1 % of the archive that read 20,000 vectors from
                # TOAST to find 200 (712 ms at 100,000 articles). The fence holds the vector test
                # alone, so the GIN index is its only way in; visibility and filters are checked on
                # the columns it brings out. Then only the WINDOW newest vectors are read.
                visible, visible_params = visible_sql(edition, filters, "d")
                params = [tsquery_text(query), *visible_params]
                newest = ("WITH matched AS MATERIALIZED (SELECT article_id, edition, published_at, "
                          f"section_id FROM search_document WHERE {MATCH}) "
                          f"SELECT d.article_id FROM matched AS d WHERE {visible} "
                          "ORDER BY d.article_id DESC LIMIT %s")
                scored = (f"SELECT {columns}, d.vector AS vector FROM ({newest}) AS newest "
                          "JOIN search_document AS d ON d.article_id = newest.article_id")
            else:
                # Many matches: walking the newest articles finds WINDOW of them in the first few
                # hundred rows, where the ids of every match would cost a visit to each.
                scored = f"SELECT {columns}, d.vector AS vector {where} ORDER BY d.article_id DESC LIMIT %s"
            score = (f"{RANK} * (1 + %s / (1 + greatest(extract(epoch FROM (%s - w.published_at)), 0)"
                     " / 86400.0 / %s))")
            ranked = (f"SELECT w.id AS id, w.published_at AS published_at, {score} AS score "
                      f"FROM (SELECT to_tsquery('simple', %s) AS q) AS tsq, ({scored}) AS w "
                      "ORDER BY score DESC, id DESC LIMIT %s OFFSET %s")
            params = [RECENCY_BOOST, ranking_time(), RECENCY_DAYS, tsquery_text(query), *params, window,
                      limit, offset]
            outer = "ranked.score DESC, ranked.id DESC"
        else:
            by = "d.published_at DESC, d.article_id DESC" if order == NEWEST else "d.article_id DESC"
            ranked = f"SELECT {columns}, 0.0 AS score {where} ORDER BY {by} LIMIT %s OFFSET %s"
            params = [*params, limit, offset]
            outer = "ranked.published_at DESC, ranked.id DESC" if order == NEWEST else "ranked.id DESC"
        sql = (f"SELECT ranked.id, ranked.score, search_document.body_text FROM ({ranked}) AS ranked "
               f"JOIN search_document ON search_document.article_id = ranked.id ORDER BY {outer}")
        return [Hit(article_id=r[0], rank=float(r[1]), body_text=r[2]) for r in run_indexed(sql, params)]
