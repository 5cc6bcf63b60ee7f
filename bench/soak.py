"""Soak test: serve the demo newsroom with gunicorn on loopback, measure peak throughput, then hold
80% of it over a mix of reader pages and record errors and worker memory over time.

    .venv/bin/python bench/soak.py                 # 20 s peak measurement, then 10 minutes at 80%
    .venv/bin/python bench/soak.py --minutes 2     # shorter soak

Loopback only, bounded in time (--minutes) and in requests (--max-requests). The load comes from
Python threads with keep-alive connections, paced to the target rate; the report says whether any
request failed and how worker RSS moved (least-squares slope, MB per minute, after a warm-up).
"""

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# A newsroom of 6 sections, 12 tags, 6 authors and 200 articles in two editions.
FILL = """
import datetime, django; django.setup()
from django.core.management import call_command
from django.utils import timezone
from dastan.publishing.models import Article, Author, Section
from dastan.taxonomy.models import Tag
call_command("migrate", verbosity=0)
sections = [Section.objects.create(name=f"Section {i}", slug=f"section-{i}", position=i) for i in range(6)]
tags = [Tag.objects.create(name=f"Topic {i}", slug=f"topic-{i}") for i in range(12)]
authors = [Author.objects.create(name=f"Reporter {i}", slug=f"reporter-{i}", bio="Covers the region.")
           for i in range(6)]
now = timezone.now()
for i in range(200):
    a = Article.objects.create(
        edition="en" if i % 3 else "ru", headline=f"Story number {i} about the budget", slug=f"story-{i}",
        lead="What happened, in two sentences. " * 2, body="<p>" + "A paragraph. " * 80 + "</p>",
        status="published", published_at=now - datetime.timedelta(hours=3 * i), section=sections[i % 6])
    a.authors.set([authors[i % 6]])
    a.tags.set([tags[i % 12], tags[(i * 5) % 12]])
"""


def prepare(env: dict) -> list[str]:
    """Create and fill a database of its own; return the reader URLs of the mix."""
    subprocess.run([sys.executable, "-c", FILL], env=env, check=True)
    code = (
        "import django, json; django.setup();"
        "from dastan.publishing.models import Article, Author, Section;"
        "from dastan.taxonomy.models import Tag;"
        "a = list(Article.objects.published().order_by('-published_at')[:40]);"
        "urls = ['/en/', '/ru/'] + [x.get_absolute_url() for x in a];"
        "urls += [t.get_absolute_url() for t in Tag.objects.all()[:10]];"
        "urls += [s.get_absolute_url() for s in Section.objects.all()[:6]];"
        "urls += [p.get_absolute_url() for p in Author.objects.all()[:6]];"
        "urls += ['/en/archive/%d/' % x.published_at.year for x in a[:2]] + ['/en/?page=2'];"
        "print(json.dumps(urls))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    import json

    return json.loads(out.stdout)


def worker_pids(master: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Load:
    """Threads issuing GETs over keep-alive connections, optionally paced to a total rate."""

    def __init__(self, port: int, urls: list[str], threads: int, rate: float | None, seconds: float,
                 max_requests: int):
        self.port, self.urls, self.threads, self.rate = port, urls, threads, rate
        self.deadline = time.monotonic() + seconds
        self.max_requests = max_requests
        self.lock = threading.Lock()
        self.sent = 0
        self.errors: list[str] = []
        self.latencies: list[float] = []

    def _run(self, index: int):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        rng = random.Random(index)
        interval = self.threads / self.rate if self.rate else 0.0
        next_at = time.monotonic() + rng.random() * interval
        while time.monotonic() < self.deadline:
            with self.lock:
                if self.sent >= self.max_requests:
                    return
                self.sent += 1
            if interval:
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                next_at += interval
            url = rng.choice(self.urls)
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    with self.lock:
                        self.errors.append(f"{response.status} {url}")
            except (OSError, http.client.HTTPException) as exc:
                with self.lock:
                    self.errors.append(f"{type(exc).__name__} {url}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            with self.lock:
                self.latencies.append(time.perf_counter() - started)

    def run(self) -> "Load":
        started = time.monotonic()
        threads = [threading.Thread(target=self._run, args=(i,)) for i in range(self.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed = time.monotonic() - started
        return self


def slope_mb_per_minute(samples: list[tuple[float, float]]) -> float:
    if len(samples) < 3:
        return 0.0
    xs = [t / 60 for t, _ in samples]
    ys = [mb for _, mb in samples]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="soak duration (default 10)")
    parser.add_argument("--peak-seconds", type=float, default=20.0, help="peak measurement (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--share", type=float, default=0.8, help="share of peak to hold (default 0.8)")
    parser.add_argument("--max-requests", type=int, default=3_000_000, help="hard cap on requests")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="dastan-soak-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dastan.settings",
           "DASTAN_SQLITE_PATH": str(workdir / "soak.sqlite3"), "DASTAN_MEDIA_ROOT": str(workdir / "media"),
           "DASTAN_LOG_LEVEL": "ERROR"}
    urls = prepare(env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dastan.wsgi", "-w", str(args.workers), "-b",
         f"127.0.0.1:{args.port}", "--log-level", "warning", "--keep-alive", "30"], env=env)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        Load(args.port, urls, args.threads, None, 3, 10_000).run()  # warm caches and workers
        peak = Load(args.port, urls, args.threads, None, args.peak_seconds, args.max_requests).run()
        peak_rps = len(peak.latencies) / peak.elapsed
        target = peak_rps * args.share
        print(f"peak: {peak_rps:.1f} req/s over {peak.elapsed:.0f} s, {len(peak.errors)} errors; "
              f"soaking at {target:.1f} req/s for {args.minutes:g} min", flush=True)

        samples: list[tuple[float, float]] = []
        soak = Load(args.port, urls, args.threads, target, args.minutes * 60, args.max_requests)
        runner = threading.Thread(target=soak.run)
        started = time.monotonic()
        runner.start()
        while runner.is_alive():
            elapsed = time.monotonic() - started
            total = sum(rss_mb(pid) for pid in worker_pids(server.pid))
            samples.append((elapsed, total))
            runner.join(10)
        warm = [s for s in samples if s[0] >= min(60, args.minutes * 60 / 5)]
        rps = len(soak.latencies) / soak.elapsed
        print("\n== Soak report ==")
        print(f"duration        {soak.elapsed / 60:.1f} min at target {target:.1f} req/s "
              f"(peak {peak_rps:.1f}, share {args.share:.0%})")
        print(f"requests        {len(soak.latencies) + len(soak.errors)} ({rps:.1f} req/s achieved)")
        detail = f"  e.g. {soak.errors[:5]}" if soak.errors else "  (errors = 0)"
        print(f"errors          {len(soak.errors)}{detail}")
        print(f"latency ms      p50 {pct(soak.latencies, .5):.1f}  p95 {pct(soak.latencies, .95):.1f}  "
              f"p99 {pct(soak.latencies, .99):.1f}  max {pct(soak.latencies, 1):.1f}")
        if samples:
            print(f"workers RSS MB  start {samples[0][1]:.1f}  end {samples[-1][1]:.1f}  "
                  f"max {max(mb for _, mb in samples):.1f}  ({args.workers} workers)")
            print(f"RSS slope       {slope_mb_per_minute(warm):+.3f} MB/min after warm-up "
                  f"({len(warm)} samples every 10 s)")
        print(f"pages in mix    {len(urls)}")
        return 1 if soak.errors else 0
    finally:
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    sys.exit(main())
