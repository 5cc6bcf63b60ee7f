"""Measure an article page against the front-end budgets, in Debian's Chromium.

    .venv/bin/python bench/page_budget.py [--runs 5]

Builds a throwaway SQLite newsroom (a long article with a lead image, tags, related stories and a
translation), serves it on 127.0.0.1, loads the article at phone size and reports:
- HTML + CSS + JS bytes as sent, gzip-compressed (level 6) and brotli-compressed (when the Brotli
  package is installed); images are excluded, as the budget says. Budget: under 100 KB compressed.
- requests to any other host (budget: none), and render-blocking ones among them;
- Cumulative Layout Shift from Chromium's layout-shift entries, after scrolling the whole page so
  that every lazy image has loaded (budget: under 0.01), median and range over --runs loads.
Exits 1 when a budget is exceeded.
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

BUDGET_BYTES = 100 * 1024
BUDGET_CLS = 0.01
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CLS_SCRIPT = """async () => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) total += e.value; }).observe({type: 'layout-shift', buffered: true});
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
    scrollTo(0, y); await new Promise(r => setTimeout(r, 100)); }
  await new Promise(r => setTimeout(r, 300));
  return total;
}"""


def configure(folder: Path) -> None:
    """Point Dastan at a throwaway database and media folder, then start Django."""
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "dastan.settings",
        "DASTAN_SQLITE_PATH": str(folder / "budget.sqlite3"),
        "DASTAN_MEDIA_ROOT": str(folder / "media"),
        "DASTAN_SERVE_MEDIA": "1",
        "DASTAN_LOG_LEVEL": "WARNING",
    })
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_article() -> str:
    """Create a representative article and its neighbours; return its path."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from dastan.publishing.demo import illustration
    from dastan.publishing.models import Article, Author, Section
    from dastan.taxonomy.models import Tag

    now = timezone.now()
    sections = [Section.objects.create(name=n, slug=n.lower(), position=i)
                for i, n in enumerate(["Politics", "Economy", "Society", "Culture", "Regions", "World"])]
    tags = [Tag.objects.create(name=f"Topic {i}", slug=f"topic-{i}") for i in range(5)]
    authors = [Author.objects.create(name=f"Reporter {i}", slug=f"reporter-{i}") for i in range(2)]
    paragraph = ("<p>The council met on Tuesday to discuss the water tariff, which has not changed "
                 "since 2019, while the cost of pumping has doubled; residents of the eastern "
                 "districts, where supply is cut for hours every day, asked for a public hearing.</p>")
    body = (paragraph * 8 + "<blockquote><p>We pay for water we do not get.</p></blockquote>"
            + paragraph * 8 + "<ul>" + "<li>One of the points raised at the meeting.</li>" * 5 + "</ul>"
            + "<table><tr><th>Year</th><th>Tariff</th></tr>" + "<tr><td>2024</td><td>12.40</td></tr>" * 6
            + "</table>" + paragraph * 8)
    for i in range(6):
        Article.objects.create(edition="en", headline=f"Related story number {i} on the same topic",
                               slug=f"related-{i}", lead="A lead.", body=paragraph, section=sections[i],
                               status="published", published_at=now).tags.set(tags[:2])
    article = Article(
        edition="en", slug="water-tariff", status="published", published_at=now, section=sections[1],
        headline="Osh council delays the water tariff rise after residents demand a hearing",
        lead="Households in the eastern districts say they pay for water they do not receive.",
        body=body, image=SimpleUploadedFile("tariff.jpg", illustration(1)),
        image_alt="Mountains above the city at dusk", image_caption="The city at dusk.",
        image_credit="Illustration",
    )
    article.save()
    article.authors.set(authors)
    article.tags.set(tags)
    Article.objects.create(edition="ru", slug="tarif", headline="Тариф на воду", status="published",
                           published_at=now, translation_key=article.translation_key)
    return article.get_absolute_url()


def serve() -> str:
    """Serve Dastan on a free loopback port from a background thread; return its base URL."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    # WhiteNoise, in the middleware, serves the static files as in production.
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def measure(browser, base: str, path: str) -> dict:
    """Load PATH once at phone size; return the bytes by kind, foreign requests and CLS."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    host = urlsplit(base).netloc
    bodies: dict[str, list[bytes]] = {"document": [], "stylesheet": [], "script": []}
    foreign, blocking, images = [], [], []

    def on_response(response):
        kind = response.request.resource_type
        if urlsplit(response.url).netloc != host:
            foreign.append(response.url)
            if kind in {"stylesheet", "script", "font"}:
                blocking.append(response.url)
        elif kind in bodies:
            bodies[kind].append(response.body())
        elif kind == "image":
            images.append((response.url.rsplit("/", 1)[-1], len(response.body())))

    page.on("response", on_response)
    page.goto(base + path, wait_until="networkidle")
    cls = page.evaluate(CLS_SCRIPT)
    context.close()
    return {"bodies": bodies, "foreign": foreign, "blocking": blocking, "cls": cls, "images": images}


def compressed(bodies: dict) -> dict:
    """Return raw, gzip and brotli byte counts of everything in BODIES."""
    try:
        import brotli
    except ImportError:
        brotli = None
    sizes = {"raw": 0, "gzip": 0, "brotli": None if brotli is None else 0}
    for items in bodies.values():
        for body in items:
            sizes["raw"] += len(body)
            sizes["gzip"] += len(gzip.compress(body, compresslevel=6))
            if brotli is not None:
                sizes["brotli"] += len(brotli.compress(body, quality=11))
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print the figures; return 1 if a budget is exceeded."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads for the CLS median (default 5)")
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= 50:
        parser.error("--runs must be between 1 and 50")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium (./run test does it)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        configure(Path(folder))
        path = build_article()
        base = serve()
        # Playwright keeps an asyncio loop on this thread; Django's ORM is done by now.
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            runs = [measure(browser, base, path) for _ in range(args.runs)]
            browser.close()
    first = runs[-1]  # a warm load: renditions made, as readers after the first get it
    sizes = compressed(first["bodies"])
    shifts = [r["cls"] for r in runs]
    print(f"Article page {path} at 390x844, {args.runs} loads")
    for kind, items in first["bodies"].items():
        print(f"  {kind:<10} {len(items)} file(s) {sum(len(b) for b in items):>8} bytes raw")
    brotli_text = "n/a (pip install Brotli)" if sizes["brotli"] is None else f"{sizes['brotli']} bytes"
    print(f"  HTML+CSS+JS: {sizes['raw']} bytes raw, {sizes['gzip']} gzip, {brotli_text} brotli"
          f" (budget {BUDGET_BYTES})")
    pictures = ", ".join(f"{name} {size} bytes" for name, size in first["images"])
    print(f"  images (outside the budget): {pictures}")
    print(f"  requests to other hosts: {len(first['foreign'])}, render-blocking: {len(first['blocking'])}")
    print(f"  CLS median {statistics.median(shifts):.4f} (min {min(shifts):.4f}, max {max(shifts):.4f},"
          f" budget {BUDGET_CLS})")
    over = (sizes["gzip"] > BUDGET_BYTES or any(r["foreign"] for r in runs) or max(shifts) > BUDGET_CLS)
    print("  budgets: " + ("EXCEEDED" if over else "met"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
