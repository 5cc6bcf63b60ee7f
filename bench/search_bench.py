"""Time the search page against the article page, in one process, on the database configured.

    DASTAN_SQLITE_PATH=/tmp/bench.sqlite3 python bench/search_bench.py --requests 60
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/search_bench.py

Requests go through Django's test client (the whole stack: middleware, URL routing, the view, its
SQL and the template), one after another, with no network and no load generator: the figures are
the server's own cost per request, free of queueing, which is what a ratio between two pages of
the same site needs. Each mix is warmed first; rounds alternate between the mixes so that noise
from the shared machine falls on every mix alike. Prints p50 and p95 per mix in milliseconds.
"""

import argparse
import os
import random
import statistics
import time
from urllib.parse import urlencode

from corpus import NAMES, SEED, setup_django, vocabularies


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def query_mixes() -> dict[str, list[str]]:
    """Return the URLs of each query mix (English edition unless the mix says otherwise)."""
    vocab = vocabularies()
    rng = random.Random(SEED)
    variants = [s for spellings in NAMES for s in spellings[1:] if " " not in s]
    def url(q: str, edition: str = "en", **params) -> str:
        return f"/{edition}/search/?" + urlencode({"q": q, **params})

    return {
        "name, any spelling": [url(s) for s in variants],
        "name, Cyrillic (ru)": [url(s[-1], "ru") for s in NAMES],
        "frequent word": [url(w) for w in vocab["en"][5:15]],
        "rare word": [url(w) for w in vocab["en"][3000:3010]],
        "two words": [url(f"{rng.choice(variants)} {w}") for w in vocab["en"][40:50]],
        "name + section + date sort": [url(s, section="politics", sort="date") for s in variants[:10]],
        "name, page 3": [url(s, page=3) for s in variants[:10]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="timed requests per mix")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client

    from dastan.publishing.models import Article
    from dastan.search.backends import get_backend

    client = Client()
    slugs = list(Article.objects.published().filter(edition="en").order_by("?")
                 .values_list("slug", flat=True)[:200])
    mixes = {"article page": [f"/en/articles/{s}/" for s in slugs], **query_mixes()}
    times: dict[str, list[float]] = {name: [] for name in mixes}
    load_before = os.getloadavg()[0]
    for urls in mixes.values():  # warm: caches, the database's pages, Python's own
        for url in urls[:5]:
            client.get(url)
    for i in range(args.requests):
        for name, urls in mixes.items():
            url = urls[i % len(urls)]
            start = time.perf_counter()
            response = client.get(url)
            times[name].append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
    articles = Article.objects.published().count()
    print(f"{connection.vendor}, backend {get_backend().name}, {articles:,} published articles, "
          f"{args.requests} requests per mix; load average (1 min) {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    article_p95 = percentile(times["article page"], 95)
    print("| mix | p50 ms | p95 ms | p95 / article p95 |\n|---|---|---|---|")
    for name, samples in times.items():
        p95 = percentile(samples, 95)
        print(f"| {name} | {statistics.median(samples):.1f} | {p95:.1f} | {p95 / article_p95:.2f} |")


if __name__ == "__main__":
    main()
