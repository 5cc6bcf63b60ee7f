"""SQLite FTS5: the default install's search (table created by migration 0001 where FTS5 exists)."""

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

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
from dastan.search.query import ParsedQuery

# bm25 weights per column (k_head, k_lead, k_body, body_text): a headline or tag match counts
# ten times a body match. body_text is stored for snippets, not indexed.
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 0.0)"


def match_expression(query: ParsedQuery) -> str:
    """Return the FTS5 MATCH text for QUERY: every term an OR-group of quoted keys, ANDed.

    Keys hold only [a-z0-9] (see folding.py), so quoting them cannot let an operator through.
    """
    groups = []
    for term in query.terms:
        alternatives = [f'"{key}"' for key in sorted(term.exact)]
        alternatives += [f'"{key}"*' for key in sorted(term.prefixes)]
        alternatives += ['"' + " ".join(phrase) + '"' for phrase in sorted(term.phrases)]
        groups.append("(" + " OR ".join(alternatives) + ")")
    return "{k_head k_lead k_body} : (" + " AND ".join(groups) + ")"


class SQLiteBackend(SearchBackend):
    name = "sqlite-fts5"

    def write(self, documents: Iterable[Document], *, replace: bool) -> None:
        rows = [(d.article_id, d.head, d.lead, d.body, d.body_text) for d in documents]
        with connection.cursor() as cursor:
            if replace:
                cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(r[0],) for r in rows])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, k_head, k_lead, k_body, body_text) "
                "VALUES (%s, %s, %s, %s, %s)", rows,
            )

    def remove_article(self, article_id: int) -> None:
        run("DELETE FROM search_fts WHERE rowid = %s", [article_id])

    def clear(self) -> None:
        run("DELETE FROM search_fts", [])

    def rebuild(self, articles: QuerySet, progress=None) -> int:
        done = super().rebuild(articles, progress)
        run("INSERT INTO search_fts (search_fts) VALUES ('optimize')", [])  # merge the b-trees
        return done

    def count(self, query: ParsedQuery, allowed: QuerySet) -> int:
        sub, params = allowed_sql(allowed)
        sql = (f"SELECT count(*) FROM search_fts JOIN ({sub}) AS allowed ON allowed.id = search_fts.rowid "
               "WHERE search_fts MATCH %s")
        return run(sql, [*params, match_expression(query)])[0][0]

    def hits(self, query: ParsedQuery, allowed: QuerySet, order: str, offset: int, limit: int) -> list[Hit]:
        sub, params = allowed_sql(allowed)
        # bm25 is negative, better matches lower: multiplying by the boost pulls recent ones up.
        score = (f"{BM25} * (1.0 + %s / (1.0 + max(julianday(%s) - julianday(allowed.published_at), 0)"
                 " / %s))")
        ordering = ("allowed.published_at DESC, allowed.id DESC" if order == NEWEST
                    else "score, allowed.id DESC")
        sql = (
            "SELECT ranked.id, ranked.score, search_fts.body_text FROM ("
            f"SELECT allowed.id AS id, allowed.published_at AS published_at, {score} AS score "
            f"FROM search_fts JOIN ({sub}) AS allowed ON allowed.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s ORDER BY {ordering} LIMIT %s OFFSET %s"
            ") AS ranked JOIN search_fts ON search_fts.rowid = ranked.id "
            + ("ORDER BY ranked.published_at DESC, ranked.id DESC" if order == NEWEST
               else "ORDER BY ranked.score, ranked.id DESC")
        )
        stamp = now().strftime("%Y-%m-%d %H:%M:%S")
        rows = run(sql, [RECENCY_BOOST, stamp, RECENCY_DAYS, *params, match_expression(query), limit, offset])
        return [Hit(article_id=r[0], rank=-r[1], body_text=r[2]) for r in rows]
