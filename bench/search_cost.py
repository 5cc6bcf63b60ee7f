#!/usr/bin/env python3
"""In-process cost of one search page on Dastan beside the plain-Django peer B, requests alternated.

Usage: search_cost.py [--requests 60] [--peers DIR] [--peer-python PY] [--no-peer]
                      [--variant NAME=ENV=VALUE,...] ... [URL]

Each site runs in a worker process of its own (Django's test client: middleware, view, SQL,
template; no network), serving one request at a time on command; the requests go to each site
in turn, the order flipped every round, so the machine's noise falls on all alike. Reported per
site: median (min-max) of wall time and of the worker thread's CPU time, in ms. Dastan's page
cache is off; its database comes from DATABASE_URL / DASTAN_SQLITE_PATH. A variant is Dastan
with extra environment (e.g. ``miss=DASTAN_SEARCH_CACHE=0``: every page of hits searched anew).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER_URL = "/search/?q=magekinlan"


def serve(site: str) -> None:
    """Answer each URL read from stdin with 'wall_ms cpu_ms status bytes'."""
    if site == "peer":
        sys.path.insert(0, os.environ["PEER_SITE"])
        os.environ["DJANGO_SETTINGS_MODULE"] = "django_news.settings"
    else:
        os.environ["DASTAN_PAGE_CACHE"] = "0"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    for line in sys.stdin:
        wall, cpu = time.perf_counter(), time.thread_time()
        response = client.get(line.strip())
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        size = len(response.content)
        print(f"{wall * 1000:.3f} {cpu * 1000:.3f} {response.status_code} {size}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default="/en/search/?q=magekinlan")
    parser.add_argument("--requests", type=int, default=60)
    # As bench/run.sh: the checkout's sibling "shared" folder.
    parser.add_argument("--peers", default=str(HERE.parent.parent / "shared" / "bench" / "peers"))
    parser.add_argument("--peer-python", default="/tmp/perfbench-venv/bin/python")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--variant", action="append", default=[], help="NAME=VAR=VALUE[,VAR=VALUE]")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    sites = [] if args.no_peer else [("peer B", args.peer_python, "peer", PEER_URL, {})]
    sites.append(("dastan", sys.executable, "dastan", args.url, {}))
    for variant in args.variant:
        name, settings = variant.split("=", 1)
        extra = dict(s.split("=", 1) for s in settings.split(","))
        sites.append((name, sys.executable, "dastan", args.url, extra))
    workers = []
    for name, python, site, url, extra in sites:
        env = {**os.environ, **extra, "PEER_SITE": str(Path(args.peers) / "sites" / "django_news")}
        process = subprocess.Popen([python, __file__, "--serve", site], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True, env=env)
        workers.append({"name": name, "process": process, "url": url, "wall": [], "cpu": []})

    def ask(worker) -> list[str]:
        worker["process"].stdin.write(worker["url"] + "\n")
        worker["process"].stdin.flush()
        return worker["process"].stdout.readline().split()

    for worker in workers:
        for _ in range(5):  # warm: caches, connections, templates
            answer = ask(worker)
        print(f"{worker['name']:10s} {worker['url']}: status {answer[2]}, {answer[3]} bytes")
    for round_ in range(args.requests):
        for worker in workers if round_ % 2 == 0 else workers[::-1]:
            wall, cpu, _status, _size = ask(worker)
            worker["wall"].append(float(wall))
            worker["cpu"].append(float(cpu))
    for worker in workers:
        wall, cpu = worker["wall"], worker["cpu"]
        print(f"{worker['name']:10s} wall {statistics.median(wall):7.2f} ({min(wall):.2f}-{max(wall):.2f}) ms"
              f"   cpu {statistics.median(cpu):7.2f} ({min(cpu):.2f}-{max(cpu):.2f}) ms")
        worker["process"].stdin.close()
        worker["process"].wait()
    if not args.no_peer:
        peer = statistics.median(workers[0]["cpu"])
        for worker in workers[1:]:
            print(f"peer B cpu / {worker['name']} cpu: {peer / statistics.median(worker['cpu']):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
