"""Benchmark `dastan import wordpress`: posts per second and peak memory, at several file sizes.

    .venv/bin/python bench/import_wxr.py                 # 10,000 and 100,000 posts on SQLite
    .venv/bin/python bench/import_wxr.py --posts 1000 --posts 10000 --repeat 3
    .venv/bin/python bench/import_wxr.py --parse-only --posts 10000 --posts 100000   # the reader alone
    DATABASE_URL=postgres://... .venv/bin/python bench/import_wxr.py --posts 10000

For each size it writes a WXR file of N posts with a fixed seed into a temporary folder, migrates a
fresh database, then runs the import in a child process and reads that child's peak resident memory
(ru_maxrss from wait4). Memory should stay flat: the file is streamed, never loaded whole.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

WORDS = (
    "budget parliament valley water election ministry school road market harvest river mountain "
    "council deputy report court village pension border trade price bread teacher doctor bus "
    "winter summer festival bridge factory mayor press freedom weather snow road grain"
).split()
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Benchmark Gazette</title><link>https://bench.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example.org</wp:base_site_url>
"""


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write_export(path: Path, posts: int, seed: int) -> None:
    """Write a WXR 1.2 file of POSTS posts (20 authors, 12 categories, 300 tags) made from SEED."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for a in range(20):
            out.write(f"<wp:author><wp:author_login>writer{a}</wp:author_login>"
                      f"<wp:author_display_name>Writer {a}</wp:author_display_name></wp:author>\n")
        for c in range(12):
            out.write(f"<wp:category><wp:category_nicename>section-{c}</wp:category_nicename>"
                      f"<wp:cat_name>Section {c}</wp:cat_name></wp:category>\n")
        for post_id in range(1, posts + 1):
            title = escape(sentence(rng, rng.randint(4, 10)))
            body = "\n\n".join(
                "\n".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(1, 3)))
                for _ in range(rng.randint(3, 8))
            )
            day = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            slug = f"post-{post_id}"
            terms = f'<category domain="category" nicename="section-{rng.randrange(12)}">S</category>'
            for t in rng.sample(range(300), rng.randint(0, 3)):
                terms += f'<category domain="post_tag" nicename="topic-{t}">Topic {t}</category>'
            out.write(
                f"<item><title>{title}</title>"
                f"<link>https://bench.example.org/{day[:4]}/{day[5:7]}/{slug}/</link>"
                f"<dc:creator>writer{rng.randrange(20)}</dc:creator>"
                f'<guid isPermaLink="false">https://bench.example.org/?p={post_id}</guid>'
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{sentence(rng, 12)}]]></excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>{day} 08:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>{terms}</item>\n"
            )
        out.write("</channel>\n</rss>\n")


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run ARGS; return its wall time in seconds, its peak RSS in KiB, and its output."""
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n{output}")
    return elapsed, usage.ru_maxrss, output


# The reader alone, without the database: shows what streaming costs, apart from the ORM.
PARSE_ONLY = """import sys
from dastan.importers.wxr import WxrItem, read_wxr
n = sum(isinstance(obj, WxrItem) for obj in read_wxr(sys.argv[1]))
print(f"read {n} items")"""


def measure(posts: int, seed: int, workdir: Path, parse_only: bool) -> tuple[float, int, str]:
    """Import a fresh N-post export into a fresh database; return seconds, peak KiB and the summary."""
    export = workdir / f"export-{posts}.xml"
    if not export.exists():
        write_export(export, posts, seed)
    if parse_only:
        return run_child([sys.executable, "-c", PARSE_ONLY, str(export)], dict(os.environ))
    env = {**os.environ, "DASTAN_SQLITE_PATH": str(workdir / f"bench-{posts}-{time.time_ns()}.sqlite3"),
           "DASTAN_MEDIA_ROOT": str(workdir / "media")}
    dastan = [sys.executable, "-m", "dastan"]
    if env.get("DATABASE_URL"):
        run_child([*dastan, "manage", "flush", "--no-input"], env)
    run_child([*dastan, "manage", "migrate", "-v0"], env)
    return run_child([*dastan, "import", "wordpress", str(export)], env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, action="append", help="file size in posts (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median reported)")
    parser.add_argument("--seed", type=int, default=20250512)
    parser.add_argument("--parse-only", action="store_true", help="read the file without importing")
    options = parser.parse_args()
    sizes = options.posts or [10_000, 100_000]
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="dastan-bench-") as tmp:
        print(f"{'posts':>8} {'seconds':>18} {'posts/s':>22} {'peak MiB':>18}")
        for posts in sizes:
            runs = [measure(posts, options.seed, Path(tmp), options.parse_only)
                    for _ in range(options.repeat)]
            secs = [r[0] for r in runs]
            rates = [posts / s for s in secs]
            mib = [r[1] / 1024 for r in runs]
            peaks[posts] = statistics.median(mib)

            def fmt(values, spec):
                med = statistics.median(values)
                return f"{med:{spec}} ({min(values):{spec}}–{max(values):{spec}})"

            row = f"{posts:>8} {fmt(secs, '.1f'):>18} {fmt(rates, '.0f'):>22} {fmt(mib, '.0f'):>18}"
            print(row, flush=True)
            print("         " + runs[-1][2].strip().splitlines()[-1], flush=True)
    if len(peaks) > 1:
        low, high = min(peaks), max(peaks)
        print(f"peak memory at {high} posts is {peaks[high] / peaks[low]:.2f}x that at {low} posts")


if __name__ == "__main__":
    main()
