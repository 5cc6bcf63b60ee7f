#!/usr/bin/env python3
"""Render cost: CPU time per in-process request, page by page, alternating so load falls on all alike.

Usage:
  render_cost.py [--rounds 5] [--requests 40] [--variants on,off] URL [URL ...]
      Dastan (DJANGO_SETTINGS_MODULE, the database from DATABASE_URL / DASTAN_SQLITE_PATH), page
      cache off. Each variant sets DASTAN_FRAGMENT_CACHE for its requests ("on" or "off").
  render_cost.py --peer django [--peers DIR] [--rounds 5] [--requests 40] URL [URL ...]
      The reference plain-Django peer (run with its venv: /tmp/perfbench-venv/bin/python), from
      DIR/sites/django_news (DIR as bench/run.sh takes it) and its data in PERFBENCH_DIR.

Requests go through Django's test client (middleware, URL routing, view, SQL, template; no
network). Each round requests every URL and variant in turn, REQUESTS times, and keeps the
median of the thread's CPU time (time.thread_time, which other processes on a shared machine
do not inflate the way they inflate wall-clock time); the figure printed is the median of the
rounds' medians with their min-max, plus the queries of the last request.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def _setup(peer: str | None, peers: str) -> None:
    if peer == "django":
        sys.path.insert(0, str(Path(peers).resolve() / "sites" / "django_news"))
        os.environ["DJANGO_SETTINGS_MODULE"] = "django_news.settings"
    else:
        os.environ["DASTAN_PAGE_CACHE"] = "0"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--peer", choices=["django"])
    parser.add_argument("--peers", default="../shared/bench/peers", help="the peers' folder")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--variants", default="on,off", help="fragment cache on and/or off (Dastan)")
    args = parser.parse_args()
    _setup(args.peer, args.peers)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    variants = ["-"] if args.peer else args.variants.split(",")
    client = Client(SERVER_NAME="127.0.0.1", SERVER_PORT="8000")

    def get(url: str, variant: str):
        if variant != "-":
            settings.DASTAN_FRAGMENT_CACHE = variant == "on"
        return client.get(url)

    cases = [(url, v) for url in args.urls for v in variants]
    for url, variant in cases:  # warm: templates compiled, caches filled
        for _ in range(3):
            assert get(url, variant).status_code == 200, url
    rounds: dict = {case: [] for case in cases}
    for _ in range(args.rounds):
        for case in cases:
            times = []
            for _ in range(args.requests):
                started = time.thread_time()
                get(*case)
                times.append((time.thread_time() - started) * 1000)
            rounds[case].append(statistics.median(times))
    for case in cases:
        with CaptureQueriesContext(connection) as ctx:
            response = get(*case)
        found = rounds[case]
        label = args.peer or f"dastan fragments {case[1]}"
        print(f"{label:22s} {case[0]:55s} {statistics.median(found):6.2f} ms CPU "
              f"({min(found):.2f}-{max(found):.2f}) queries={len(ctx.captured_queries)} "
              f"bytes={len(response.content)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
