#!/usr/bin/env python3
"""Print EXPLAIN ANALYZE of every SQL query a page runs (warm, page cache off), to see where it scales.

Usage: explain.py URL [URL ...]   (the database comes from DATABASE_URL / DASTAN_SQLITE_PATH)
Each query is shown with its execution time and plan; on SQLite, EXPLAIN QUERY PLAN (no timings).
"""

import os
import sys


def main() -> int:
    os.environ["DASTAN_PAGE_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    postgres = connection.vendor == "postgresql"
    for url in sys.argv[1:]:
        client.get(url)  # warm: the keys cache, the database's pages
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        print(f"== {url} ({status}, {len(ctx.captured_queries)} queries)")
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with transaction.atomic(), connection.cursor() as cursor:
                if postgres and "search_document" in sql:  # as backends/postgres.py runs searches
                    cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
                # The logged SQL has its parameters inlined already.
                cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN ") + sql)
                plan = [" | ".join(str(c) for c in row) for row in cursor.fetchall()]
            print(f"-- {query['time']} s: {sql[:400]}")
            print("\n".join("   " + line for line in plan))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
