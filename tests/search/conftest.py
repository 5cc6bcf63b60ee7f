import datetime

import pytest
from django.utils import timezone

from dastan.search.backends import get_backend
from tests import builders

BACKENDS = {
    "native": "",  # chosen by the database the suite runs on: FTS5 on SQLite, tsvector on PostgreSQL
    "fallback": "dastan.search.backends.fallback.FallbackBackend",
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings):
    """Every backend this database offers; the contract tests run once against each."""
    settings.DASTAN_SEARCH_BACKEND = BACKENDS[request.param]
    return get_backend()


def requires(backend, feature: str, why: str):
    """Skip, saying so, a test of FEATURE on a backend that lacks it."""
    if feature not in backend.features:
        pytest.skip(f"the {backend.name} backend has no {feature}: {why}")


@pytest.fixture
def corpus(db, backend):
    """A small newsroom in which every spelling case of issue 5 has exactly one right answer."""
    politics = builders.section(name="Politics", slug="politics")
    regions = builders.section(name="Regions", slug="regions")
    aida = builders.author(name="Aida Karimova", slug="aida")
    rahmon = builders.tag(name="Emomali Rahmon", slug="rahmon", kind="person",
                          aliases=["Rakhmon", "Rahmonov", "Рахмон"])
    days = datetime.timedelta(days=1)
    a = {
        "headline": builders.article(
            headline="Rahmon opens a bridge over the river", section=politics, ago=400 * days,
            lead="A new crossing for trucks.", body="<p>The bridge is two kilometres long.</p>"),
        "body": builders.article(
            headline="Floods in the valley", section=regions, authors=[aida], ago=1 * days,
            lead="Villages were cut off.", body="<p>President Rakhmon visited the region on Monday.</p>"),
        "tagged": builders.article(
            headline="Budget debate in parliament", section=politics, tags=[rahmon], ago=10 * days,
            lead="Deputies argued for a week.", body="<p>The budget passed on Friday.</p>"),
        "toshkent": builders.article(
            headline="Metro line extends to the airport", section=regions, ago=3 * days,
            lead="Trains every six minutes.", body="<p>The Toshkent city hall opened the new line.</p>"),
        "khojand": builders.article(
            headline="Textile factory reopens", section=regions, authors=[aida], ago=5 * days,
            lead="Four hundred jobs return.", body="<p>The factory in Khojand had stood idle.</p>"),
        "elections": builders.article(
            headline="Elections in the north", section=politics, ago=2 * days,
            lead="Turnout was low.", body="<p>The commission counted the ballots overnight.</p>"),
        "ru": builders.article(
            edition="ru", headline="Рахмон встретился с Мирзиёевым в Ташкенте", ago=1 * days,
            lead="Президенты обсудили воду.", body="<p>Затем президент Рахмон улетел в Худжанд.</p>"),
        "draft": builders.article(
            headline="Rahmon draft", status="draft", body="<p>Rahmon Khojand Toshkent</p>"),
        "scheduled": builders.article(
            headline="Rahmon scheduled", published_at=timezone.now() + 2 * days,
            body="<p>Rahmon Khojand Toshkent</p>"),
    }
    return {"articles": a, "politics": politics, "regions": regions, "aida": aida, "rahmon": rahmon}
