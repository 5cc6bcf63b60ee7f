"""SQLite must walk the full-text matches and look each one up, never run the match once per article."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dastan.search.backends import get_backend
from dastan.search.filters import Filters
from dastan.search.query import parse
from tests import builders

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="query plans of the SQLite FTS5 backend"),
]


@pytest.mark.parametrize("order", ["relevance", "date"])
@pytest.mark.parametrize("filtered", [False, True])
def test_every_search_query_scans_the_index_first(settings, order, filtered):
    settings.DASTAN_SEARCH_BACKEND = ""
    s = builders.section()
    builders.article(headline="Rahmon in Khujand", section=s)
    filters = Filters(section=s) if filtered else Filters()
    results = get_backend().search(parse("Rahmon"), edition="en", filters=filters, order=order)
    with CaptureQueriesContext(connection) as ctx:
        assert results.count() == 1 and len(results[0:20]) == 1
    searches = [q for q in ctx.captured_queries if "search_fts" in q["sql"]]
    assert searches  # the count's miss also asks for the next scheduled article, without the index
    for query in searches:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plan = [row[3] for row in cursor.fetchall()]
        scans = [step for step in plan if "search_fts VIRTUAL TABLE" in step]
        # "0:M4" walks a full-text match; "0:=M4" would run it again for each article id.
        assert any(":M" in step for step in scans) and not any("=M" in step for step in scans), plan
