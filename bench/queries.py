#!/usr/bin/env python3
"""Count SQL queries per page and time single in-process requests on Dastan (page cache off).

Usage: queries.py OUT.json URL [URL ...]   (the database comes from DATABASE_URL / DASTAN_SQLITE_PATH)
"cold" is the first request in this process, "warm" the third; service time is the median of 20.
"""

import json
import os
import statistics
import sys
import time


def main() -> int:
    out, urls = sys.argv[1], sys.argv[2:]
    os.environ["DASTAN_PAGE_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    result = {}
    for url in urls:
        counts = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            counts.append(len(ctx.captured_queries))
        times = []
        for _ in range(20):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        result[url] = {"status": response.status_code, "bytes": len(response.content), "cold": counts[0],
                       "warm": counts[-1], "service_ms_median": round(statistics.median(times), 2),
                       "sql_warm": [q["sql"][:300] for q in ctx.captured_queries]}
        print(f"dastan {url:60s} status={response.status_code} queries cold={counts[0]} warm={counts[-1]} "
              f"service={statistics.median(times):.1f}ms", file=sys.stderr)
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
