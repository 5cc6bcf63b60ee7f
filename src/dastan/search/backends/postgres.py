"""PostgreSQL full-text search: a tsvector per article with a GIN index (migration 0001)."""

from collections.abc import Iterable

from django.db import connection

from dastan.search.backends.base import (
    NEWEST,
    RECENCY_BOOST,
    RECENCY_DAYS,
    Hit,
    SearchBackend,
    allowed_sql,
    now,
    run,
)
from dastan.search.documents import Document
from dastan.search.filters import Filters
from dastan.search.query import ParsedQuery

# Weights for D, C, B, A: A is the headline and tags, B the lead, C the body.
RANK = "ts_rank_cd('{0.05, 0.1, 0.4, 1.0}'::float4[], search_document.vector, tsq.q, 1)"
# The keys are already stemmed per language (Snowball, the same stemmers as the 'english' and
# 'russian' configurations) and transliterated, so they are indexed with 'simple'.
VECTOR = ("setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
          " || setweight(to_tsvector('simple', %s), 'C')")


def tsquery_text(query: ParsedQuery) -> str:
    """Return the to_tsquery text for QUERY: every term an OR-group of quoted keys, ANDed.

    Keys hold only [a-z0-9] (see folding.py), so quoting them cannot let an operator through.
    """
    groups = []
    for term in query.terms:
        alternatives = [f"'{key}'" for key in sorted(term.exact)]
        alternatives += [f"'{key}':*" for key in sorted(term.prefixes)]
        alternatives += ["(" + " <-> ".join(f"'{k}'" for k in phrase) + ")"
                         for phrase in sorted(term.phrases)]
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def write(self, documents: Iterable[Document], *, replace: bool) -> None:
        rows = [(d.article_id, d.body_text, d.head, d.lead, d.body) for d in documents]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_document (article_id, body_text, vector) VALUES (%s, %s, {VECTOR}) "
                "ON CONFLICT (article_id) DO UPDATE SET body_text = EXCLUDED.body_text, "
                "vector = EXCLUDED.vector",
                rows,
            )

    def remove_article(self, article_id: int) -> None:
        run("DELETE FROM search_document WHERE article_id = %s", [article_id])

    def clear(self) -> None:
        run("DELETE FROM search_document", [])

    def count(self, query: ParsedQuery, edition: str, filters: Filters) -> int:
        sub, params = allowed_sql(edition, filters, "id")
        sql = (f"SELECT count(*) FROM search_document JOIN ({sub}) AS allowed "
               "ON allowed.id = search_document.article_id "
               "WHERE search_document.vector @@ to_tsquery('simple', %s)")
        return run(sql, [*params, tsquery_text(query)])[0][0]

    def hits(self, query: ParsedQuery, edition: str, filters: Filters, order: str, offset: int,
             limit: int) -> list[Hit]:
        sub, params = allowed_sql(edition, filters, "id", "published_at")
        score = (f"{RANK} * (1 + %s / (1 + greatest(extract(epoch FROM (%s - allowed.published_at)), 0)"
                 " / 86400.0 / %s))")
        ordering = ("allowed.published_at DESC, allowed.id DESC" if order == NEWEST
                    else "score DESC, allowed.id DESC")
        sql = (
            "SELECT ranked.id, ranked.score, search_document.body_text FROM ("
            f"SELECT allowed.id AS id, allowed.published_at AS published_at, {score} AS score "
            f"FROM (SELECT to_tsquery('simple', %s) AS q) AS tsq, search_document "
            f"JOIN ({sub}) AS allowed ON allowed.id = search_document.article_id "
            f"WHERE search_document.vector @@ tsq.q ORDER BY {ordering} LIMIT %s OFFSET %s"
            ") AS ranked JOIN search_document ON search_document.article_id = ranked.id "
            + ("ORDER BY ranked.published_at DESC, ranked.id DESC" if order == NEWEST
               else "ORDER BY ranked.score DESC, ranked.id DESC")
        )
        rows = run(sql, [RECENCY_BOOST, now(), RECENCY_DAYS, tsquery_text(query), *params, limit, offset])
        return [Hit(article_id=r[0], rank=float(r[1]), body_text=r[2]) for r in rows]
