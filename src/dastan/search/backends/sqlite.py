"""SQLite FTS5: the default install's search (table created by migration 0001 where FTS5 exists)."""

from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from dastan.search.backends.base import (
    NEWEST,
    RECENCY_BOOST,
    RECENCY_DAYS,
    RELEVANCE,
    Hit,
    SearchBackend,
    ranking_time,
    run,
    visible_sql,
)
from dastan.search.documents import Document
from dastan.search.filters import Filters
from dastan.search.query import ParsedQuery

# Column weights (k_head, k_lead, k_body): a headline or tag match counts ten times a body match.
# The score of a match is the sum, over the query's words, of the weights of the columns the word
# is in, times the recency boost. (FTS5's bm25 first counts every row each word matches, in the
# whole archive, to weigh rare words up: 75 ms for a name at 1,000,000 articles, where the
# columns of the window's matches cost 1.5; bench/README.md.)
WEIGHTS = (("k_head", 10.0), ("k_lead", 4.0), ("k_body", 1.0))
# CROSS JOIN makes SQLite walk the full-text matches and look each entry up, never the reverse
# (one full-text query per article).
FROM = "search_fts CROSS JOIN search_entry AS entry ON entry.article_id = search_fts.rowid"


# A prefix is matched by the index's own terms that start with it (search_term, migration 0005),
# named one by one: FTS5 answers a prefix query by merging the lists of all those terms, with
# their positions, before it yields a match, where it walks named terms' lists newest first and
# stops at the window. A prefix of more terms than this keeps FTS5's own prefix query.
MAX_EXPANSION = 64


def match_groups(query: ParsedQuery, expansions: dict[str, list[str] | None] | None = None) -> list[str]:
    """Return the FTS5 OR-group of each word of QUERY: its quoted keys, prefixes and spellings.

    EXPANSIONS maps a prefix to the indexed terms that start with it (None: too many to name, so
    the prefix query stays); a prefix not in it is matched as a prefix.
    """
    expansions = expansions or {}
    groups = []
    for term in query.terms:
        keys, prefixes = set(term.exact), []
        for prefix in sorted(term.prefixes):
            named = expansions.get(prefix)
            if named is None:
                prefixes.append(prefix)
            else:  # no indexed term has it: the prefix itself, which matches nothing, keeps the group
                keys.update(named or [prefix])
        alternatives = [f'"{key}"' for key in sorted(keys)] + [f'"{prefix}"*' for prefix in prefixes]
        alternatives += ["(" + " AND ".join(f'"{k}"' for k in phrase) + ")"
                         for phrase in sorted(term.phrases)]
        groups.append("(" + " OR ".join(alternatives) + ")")
    # Keys hold only [a-z0-9] (folding.py): quoting them cannot let an operator through.
    return groups


def match_expression(query: ParsedQuery, expansions: dict[str, list[str] | None] | None = None) -> str:
    """Return the FTS5 MATCH text for QUERY: every word's OR-group (match_groups), ANDed."""
    return expression_of(match_groups(query, expansions))


def expression_of(groups: list[str]) -> str:
    """Return the FTS5 MATCH text that needs every one of GROUPS, in any indexed column."""
    return "{k_head k_lead k_body} : (" + " AND ".join(groups) + ")"


def expand_prefixes(query: ParsedQuery) -> dict[str, list[str] | None]:
    """Return, for each prefix of QUERY, the indexed terms that start with it (one SQL query), or
    None for a prefix of more than MAX_EXPANSION terms."""
    prefixes = sorted({prefix for term in query.terms for prefix in term.prefixes})
    if not prefixes:
        return {}
    # Terms hold only [a-z0-9], all below "{": [prefix, prefix + "{") is every term that starts with it.
    one = ("SELECT * FROM (SELECT %s, term FROM search_term WHERE term >= %s AND term < %s "
           "ORDER BY term LIMIT %s)")
    params = []
    for prefix in prefixes:
        params += [prefix, prefix, prefix + "{", MAX_EXPANSION + 1]
    found: dict[str, list[str] | None] = {prefix: [] for prefix in prefixes}
    for prefix, term in run(" UNION ALL ".join([one] * len(prefixes)), params):
        found[prefix].append(term)
    return {prefix: (None if len(terms) > MAX_EXPANSION else terms) for prefix, terms in found.items()}


def document_terms(documents: list[Document]) -> list[tuple[str]]:
    """Return the distinct terms of DOCUMENTS' indexed columns, as rows for search_term."""
    terms: set[str] = set()
    for d in documents:
        for column in (d.head, d.lead, d.body):
            terms.update(column.split())
    return [(term,) for term in sorted(terms)]


class SQLiteBackend(SearchBackend):
    name = "sqlite-fts5"

    def write(self, documents: Iterable[Document], *, replace: bool) -> None:
        documents = list(documents)
        with connection.cursor() as cursor:
            if replace:
                for table, column in (("search_fts", "rowid"), ("search_entry", "article_id")):
                    cursor.executemany(f"DELETE FROM {table} WHERE {column} = %s",
                                       [(d.article_id,) for d in documents])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, k_head, k_lead, k_body, body_text) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(d.article_id, d.head, d.lead, d.body, d.body_text) for d in documents],
            )
            cursor.executemany(
                "INSERT INTO search_entry (article_id, edition, published_at, section_id) "
                "VALUES (%s, %s, %s, %s)",
                [(d.article_id, d.edition, d.published_at, d.section_id) for d in documents],
            )
            cursor.executemany("INSERT OR IGNORE INTO search_term (term) VALUES (%s)",
                               document_terms(documents))

    def remove_article(self, article_id: int) -> None:
        run("DELETE FROM search_fts WHERE rowid = %s", [article_id])
        run("DELETE FROM search_entry WHERE article_id = %s", [article_id])

    def clear(self) -> None:
        run("DELETE FROM search_fts", [])
        run("DELETE FROM search_entry", [])
        run("DELETE FROM search_term", [])

    def rebuild(self, articles: QuerySet, progress=None) -> int:
        # FTS5 merges its segments as they grow, reading them back page by page: with SQLite's
        # default 2 MB page cache, a rebuild of 1,000,000 articles read terabytes from the OS. The
        # cache (DASTAN_SEARCH_REBUILD_CACHE_MB) only takes what is used, and is the connection's
        # default again afterwards.
        previous = run("PRAGMA cache_size", [])[0][0]
        mebibytes = max(2, int(getattr(settings, "DASTAN_SEARCH_REBUILD_CACHE_MB", 256)))
        run(f"PRAGMA cache_size = {-mebibytes * 1024}", [])  # negative: KiB
        try:
            done = super().rebuild(articles, progress)
            run("INSERT INTO search_fts (search_fts) VALUES ('optimize')", [])  # merge the b-trees
        finally:
            run(f"PRAGMA cache_size = {int(previous)}", [])
        return done

    def _where(self, query: ParsedQuery, edition: str, filters: Filters,
               groups: list[str] | None = None) -> tuple[str, list]:
        """Return the WHERE clause of a search and its parameters.

        Visibility, section and dates are checked on search_entry (visible_sql), so a search never
        touches the articles table: SQLite would read past each matching article's body to reach
        its status and time, and a section filter built the list of every article of the section.
        GROUPS (match_groups), when the caller has them, spare looking the prefixes up again.
        """
        visible, params = visible_sql(edition, filters, "entry")
        if groups is None:
            groups = match_groups(query, expand_prefixes(query))
        return f"search_fts MATCH %s AND {visible}", [expression_of(groups), *params]

    def count(self, query: ParsedQuery, edition: str, filters: Filters, limit: int) -> int:
        where, params = self._where(query, edition, filters)
        # Stops after LIMIT matches: a common word would otherwise visit every one of them.
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {FROM} WHERE {where} LIMIT %s)"
        return run(sql, [*params, limit])[0][0]

    def page(self, query: ParsedQuery, edition: str, filters: Filters, order: str, offset: int, limit: int,
             window: int = 0, matches: int | None = None) -> list[Hit]:
        groups = match_groups(query, expand_prefixes(query))
        where, params = self._where(query, edition, filters, groups)
        columns = "entry.article_id AS id, entry.published_at AS published_at"
        if order == RELEVANCE:
            # The WINDOW newest matches, then, per word and column, which of them have the word
            # there: FTS5 walks each list from the window's lowest id only. Negative, better
            # matches lower, as the outer order expects.
            columns_hit = []
            column_params: list = []
            for group in groups:
                for column, weight in WEIGHTS:
                    columns_hit.append(f"{weight} * (win.id IN (SELECT rowid FROM search_fts WHERE "
                                       "search_fts MATCH %s AND rowid >= (SELECT min(id) FROM win)))")
                    column_params.append(f"{{{column}}} : {group}")
            boost = "(1.0 + %s / (1.0 + max(julianday(%s) - julianday(win.published_at), 0) / %s))"
            ranked = (f"WITH win AS (SELECT {columns} FROM {FROM} WHERE {where} "
                      "ORDER BY search_fts.rowid DESC LIMIT %s) "
                      f"SELECT win.id AS id, win.published_at AS published_at, "
                      f"-({' + '.join(columns_hit)}) * {boost} AS score FROM win "
                      "ORDER BY score, id DESC LIMIT %s OFFSET %s")
            stamp = ranking_time().strftime("%Y-%m-%d %H:%M:%S")
            params = [*params, window, *column_params, RECENCY_BOOST, stamp, RECENCY_DAYS, limit, offset]
            outer = "ranked.score, ranked.id DESC"
        else:
            by = ("entry.published_at DESC, entry.article_id DESC" if order == NEWEST
                  else "search_fts.rowid DESC")
            ranked = (f"SELECT {columns}, 0.0 AS score FROM {FROM} WHERE {where} "
                      f"ORDER BY {by} LIMIT %s OFFSET %s")
            params = [*params, limit, offset]
            outer = "ranked.published_at DESC, ranked.id DESC" if order == NEWEST else "ranked.id DESC"
        # Rank on the index alone, then read the body text of one page of hits only.
        sql = (f"SELECT ranked.id, ranked.score, search_fts.body_text, search_fts.k_body FROM ({ranked}) "
               f"AS ranked JOIN search_fts ON search_fts.rowid = ranked.id ORDER BY {outer}")
        return [Hit(article_id=r[0], rank=-r[1], body_text=r[2], keys=r[3]) for r in run(sql, params)]
