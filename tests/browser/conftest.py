"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium is never downloaded: ./run test installs Debian's package and these tests launch
/usr/bin/chromium. axe-core comes from npm (tests/browser/package.json, installed by ./run test).
"""

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test.utils import override_settings

from dastan.publishing.demo import illustration
from tests import builders

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE.parents[1] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}



def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (./run test installs Debian's chromium)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser():
    """Launch one headless Chromium for the browser tests, closed when they are done.

    Playwright's sync API keeps a running asyncio loop on the test thread, and Django then refuses
    every ORM call there (SynchronousOnlyOperation), even the test's own setup. Those calls are
    plain synchronous code on the test's own thread, never run inside the loop, so the guard is
    lifted while the browser is open, for these tests only; the live server answers from its own
    thread, where the guard still holds.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """One media folder for the session, so lead-image renditions are made once, as in production."""
    folder = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=folder):
        yield folder


@dataclass
class Reader:
    """A browser tab on the live server that notes every request to another host."""

    page: object
    base_url: str
    name: str
    foreign: list = field(default_factory=list)

    def goto(self, path: str, status: int = 200):
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path}: HTTP {response.status}"
        return response

    @property
    def viewport_width(self) -> int:
        return self.page.viewport_size["width"]

    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def axe_violations(self, impacts=("serious", "critical")) -> list[str]:
        """Run axe-core on the page; return 'rule: target' for each violation of the given impact."""
        if not AXE.exists():
            pytest.fail(f"{AXE} is missing: run `npm ci` in tests/browser (./run test does it)")
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' '))}))"
        )
        return [f"{v['id']} ({v['impact']}): {', '.join(v['targets'][:3])}"
                for v in violations if v["impact"] in impacts]

    def screenshot(self, label: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', label.lower())}-{self.name}.png"
        # Scroll through once so lazy images below the fold are in the picture, as a reader sees them.
        self.page.evaluate(
            "async () => { for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {"
            " scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } scrollTo(0, 0); }"
        )
        self.page.wait_for_load_state("networkidle")
        self.page.screenshot(path=str(target), full_page=True)
        return target


@pytest.fixture
def open_reader(browser, live_server, media_dir):
    """Return a function opening a Reader at phone or desktop size (bypassing CSP for axe)."""
    contexts = []

    def open_(size: str = "desktop", **options) -> Reader:
        # bypass_csp lets axe be injected under the strict Content-Security-Policy the site sends.
        context = browser.new_context(**(PHONE if size == "phone" else DESKTOP), bypass_csp=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        reader = Reader(page=page, base_url=live_server.url, name=size)
        host = urlsplit(live_server.url).netloc

        def note(request):
            netloc = urlsplit(request.url).netloc
            if netloc and netloc != host:
                reader.foreign.append(request.url)

        page.on("request", note)
        return reader

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def reader(open_reader) -> Reader:
    return open_reader("desktop")


def _image(media_dir: Path, number: int) -> dict:
    """Return lead-image fields for a drawn picture kept for the whole session."""
    name = f"articles/illustration-{number}.jpg"
    path = media_dir / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(illustration(number, size=(1280, 720)))
    return {"image": name, "image_width": 1280, "image_height": 720,
            "image_alt": "Drawing of mountain ridges at dusk", "image_caption": "Mountains above the valley.",
            "image_credit": "Illustration"}


BODY = """
<p>The regional court in Osh adjourned the hearing on Tuesday after the defence asked for more time
to study new evidence submitted by the prosecution. The journalist, who has been held since March,
appeared in a glass cage and waved to colleagues in the gallery.</p>
<blockquote><p>We are asking for one thing only: a fair and open trial.</p></blockquote>
<h2>What the prosecution says</h2>
<p>Prosecutors say the articles in question "incited discord", a charge rights groups describe as
vague. They listed three publications:</p>
<ul><li>a report on water shortages in Batken;</li><li>an interview with a border villager;</li>
<li>a column on customs fees.</li></ul>
<table><caption>Hearings so far</caption><thead><tr><th>Date</th><th>Outcome</th></tr></thead>
<tbody><tr><td>12 March</td><td>Detention extended</td></tr>
<tr><td>2 April</td><td>Adjourned</td></tr></tbody></table>
<p>The next hearing is set for next month.</p>
"""
BODY_RU = """
<p>Областной суд Оша в четверг отложил заседание: защита попросила время, чтобы изучить новые
доказательства обвинения. Журналист, которого держат под стражей с марта, помахал коллегам из зала.</p>
<blockquote><p>Мы просим только об одном: о честном и открытом суде.</p></blockquote>
<h2>Что говорит обвинение</h2>
<p>По версии прокуратуры, статьи «разжигали рознь». Правозащитники называют обвинение размытым.</p>
<ul><li>репортаж о нехватке воды в Баткене;</li><li>интервью с жителем приграничного села;</li>
<li>колонка о таможенных сборах.</li></ul>
<p>Следующее заседание назначено на следующий месяц.</p>
"""

STORIES = [
    ("politics", "Court adjourns reporter's trial as defence studies new evidence",
     "Суд отложил процесс над репортёром, защита изучает новые доказательства",
     "The hearing in Osh will resume next month.", True),
    ("economy", "Som holds steady as remittances from Russia rise for a third month",
     "Сом стабилен: переводы из России растут третий месяц подряд",
     "The central bank says it did not intervene in the currency market.", True),
    ("society", "Bishkek opens its first public library branch in a new housing district",
     "В новом жилом массиве Бишкека открылся первый филиал библиотеки",
     "Residents had waited six years for the building.", True),
    ("politics", "Parliament committee backs changes to the media law after hearings",
     "Комитет парламента поддержал поправки в закон о СМИ", "Journalists' unions remain opposed.", False),
    ("economy", "Apricot exporters count losses after late frost in Batken",
     "Экспортёры абрикосов подсчитывают потери после заморозков", "Growers say half the harvest is gone.",
     False),
    ("culture", "A film about shepherds in the Alay valley wins a festival prize",
     "Фильм о чабанах Алайской долины получил приз фестиваля", "The director shot it over two winters.",
     False),
]


@pytest.fixture
def newsroom(media_dir):
    """A small two-edition newsroom: sections, a tag, authors, translated stories, three with images."""
    names = {"politics": ("Politics", "Политика"), "economy": ("Economy", "Экономика"),
             "society": ("Society", "Общество"), "culture": ("Culture", "Культура")}
    sections = {slug: builders.section(name=en, slug=slug, name_translations={"ru": ru}, position=i)
                for i, (slug, (en, ru)) in enumerate(names.items())}
    tag = builders.tag(name="Press freedom", slug="press-freedom", name_translations={"ru": "Свобода прессы"},
                       description="Cases against journalists and changes to media law.")
    writer = builders.author(name="Aida Karimova", slug="aida-karimova")
    editor = builders.author(name="Timur Sadykov", slug="timur-sadykov")
    stories = []
    for number, (section, headline, headline_ru, lead, with_image) in enumerate(STORIES):
        extra = _image(media_dir, number) if with_image else {}
        ago = datetime.timedelta(hours=2 + 5 * number)
        en = builders.article(headline=headline, slug=f"story-{number}", lead=lead, body=BODY,
                              section=sections[section], authors=[writer, editor][: 1 + number % 2],
                              tags=[tag], ago=ago, **extra)
        ru = builders.article(edition="ru", headline=headline_ru, slug=f"istoriya-{number}",
                              lead="Подробности.", body=BODY_RU, section=sections[section],
                              authors=[writer], tags=[tag], ago=ago,
                              translation_key=en.translation_key, **extra)
        stories.append((en, ru))
    return {"tag": tag, "stories": stories, "sections": sections}
