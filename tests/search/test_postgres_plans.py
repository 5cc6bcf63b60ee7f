"""PostgreSQL must search the index alone: no join with the articles, few matches' ids from the GIN index."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dastan.search.backends import get_backend
from dastan.search.filters import Filters
from dastan.search.query import parse
from tests import builders

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of the PostgreSQL backend"),
]


def plan(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as backends/postgres.py runs searches
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("cap, fenced", [(1000, True), (1, False)])
def test_relevance_takes_few_matches_from_the_gin_index_first(settings, cap, fenced):
    settings.DASTAN_SEARCH_BACKEND, settings.DASTAN_SEARCH_COUNT_CAP = "", cap
    s = builders.section()
    for n in range(3):
        builders.article(headline=f"Rahmon in Khujand {n}", section=s)
    results = get_backend().search(parse("Rahmon"), edition="en", filters=Filters(section=s))
    with CaptureQueriesContext(connection) as ctx:
        assert results.count() == min(3, cap) and len(results[0:20]) == 3
    searches = [q["sql"] for q in ctx.captured_queries if "search_document" in q["sql"]]
    assert len(searches) == 2 and not any("publishing_article " in sql for sql in searches)
    ranking = plan(searches[1])
    if fenced:
        assert "CTE matched" in ranking and "Bitmap Index Scan on search_document_keys" in ranking, ranking
    else:
        assert "MATERIALIZED" not in searches[1]


def test_a_section_filter_walks_the_sections_own_entries_newest_first(settings):
    settings.DASTAN_SEARCH_BACKEND, settings.DASTAN_SEARCH_COUNT_CAP = "", 1
    politics, sport = builders.section(slug="politics"), builders.section(slug="sport")
    for n in range(4):
        builders.article(headline=f"Rahmon in Khujand {n}", section=politics if n % 2 else sport)
    with connection.cursor() as cursor:
        # An archive behind them (other sections, other words) and its statistics: on four rows
        # every plan costs the same and the planner's pick is arbitrary.
        cursor.execute(
            "INSERT INTO search_document (article_id, body_text, vector, keys, edition, published_at, "
            "section_id) SELECT 10000000 + n, '', 'archive'::tsvector, 'archive'::tsvector, 'en', "
            "now() - n * interval '1 hour', %s FROM generate_series(1, 5000) AS n", [sport.pk])
        cursor.execute("ANALYZE search_document")
    results = get_backend().search(parse("Rahmon"), edition="en", filters=Filters(section=politics),
                                   order="date")
    with CaptureQueriesContext(connection) as ctx:
        assert results.count() == 1 and len(results[0:20]) == 2
    searches = [q["sql"] for q in ctx.captured_queries if "search_document" in q["sql"]]
    for sql in searches:  # the capped count and the page of hits
        assert "search_document_section_newest" in plan(sql), plan(sql)
