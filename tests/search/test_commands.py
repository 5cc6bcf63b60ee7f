import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dastan.publishing.models import Article, Section
from dastan.search.backends import get_backend
from dastan.search.filters import Filters
from dastan.search.query import parse
from dastan.taxonomy.models import Tag
from tests import builders

pytestmark = pytest.mark.django_db


def index_size() -> int:
    table = "search_fts" if connection.vendor == "sqlite" else "search_document"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def test_rebuild_empties_the_index_and_indexes_every_published_article(settings):
    settings.DASTAN_SEARCH_BACKEND = ""
    builders.article(headline="Rahmon one")
    builders.article(headline="Rahmon two")
    builders.article(headline="Rahmon draft", status="draft")
    get_backend().clear()
    assert index_size() == 0
    out = StringIO()
    call_command("search", "rebuild", stdout=out, stderr=StringIO())
    assert f"Indexed 2 articles with the {get_backend().name} backend." in out.getvalue()
    assert index_size() == 2


def test_drafts_stay_out_of_the_index(settings):
    settings.DASTAN_SEARCH_BACKEND = ""
    article = builders.article(status="draft")
    assert index_size() == 0
    article.status = "published"
    article.save()
    assert index_size() == 1
    article.delete()
    assert index_size() == 0


def index_rows() -> list[tuple]:
    """Return the whole index as rows, in article order, for comparing two builds of it."""
    if connection.vendor == "sqlite":
        sql = ("SELECT f.rowid, f.k_head, f.k_lead, f.k_body, f.body_text, e.edition, e.published_at, "
               "e.section_id FROM search_fts AS f JOIN search_entry AS e ON e.article_id = f.rowid "
               "ORDER BY f.rowid")
    else:
        sql = ("SELECT article_id, body_text, vector::text, keys::text, edition, published_at, section_id "
               "FROM search_document ORDER BY article_id")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def newsroom() -> None:
    """Articles with tags shared across rebuild chunks, aliases, translated names, drafts and schedules."""
    rahmon = builders.tag(name="Emomali Rahmon", slug="rahmon", kind="person", aliases=["Rakhmon", "Рахмон"])
    water = builders.tag(name="Water", slug="water", name_translations={"ru": "Вода"})
    dams = builders.tag(name="Dams", slug="dams", aliases=["Reservoirs"])
    same = builders.tag(name="Water", slug="water-2")  # a second tag of the same name: order by id then
    politics = builders.section(name="Politics")
    builders.article(headline="Rahmon opens a bridge", tags=[rahmon, water], section=politics,
                     body="<p>Two <b>km</b> long.</p>")
    builders.article(headline="Floods in the valley", body="<p>Rakhmon visited &amp; spoke.</p>")
    builders.article(headline="Dam on the river", tags=[dams, water, same, rahmon], lead="")
    builders.article(headline="Черновик", status="draft", tags=[water])
    builders.article(edition="ru", headline="Рахмон открыл мост", tags=[rahmon], body="<p>Мост.</p>",
                     section=politics)
    builders.article(headline="Scheduled dam story", tags=[dams],
                     ago=-datetime.timedelta(days=2))  # published in two days: indexed ahead
    builders.article(headline="No tags at all")


def test_rebuild_writes_exactly_the_index_that_saving_each_article_writes(settings, monkeypatch):
    settings.DASTAN_SEARCH_BACKEND = ""
    newsroom()
    saved = index_rows()  # written by the signals, one article at a time
    assert len(saved) == 6
    monkeypatch.setattr("dastan.search.backends.base.REBUILD_CHUNK", 2)  # chunks split the tagged articles
    call_command("search", "rebuild", stdout=StringIO(), stderr=StringIO())
    assert index_rows() == saved


def test_rebuild_reads_the_articles_in_chunks_not_one_by_one(settings):
    settings.DASTAN_SEARCH_BACKEND = ""
    newsroom()
    backend = get_backend()
    articles = Article.objects.filter(status=Article.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as few:
        backend.rebuild(articles)
    for n in range(20):
        builders.article(headline=f"Rahmon story {n}", tags=[Tag.objects.get(slug="rahmon")])
    with CaptureQueriesContext(connection) as many:
        assert backend.rebuild(articles) == 26
    assert len(many) == len(few)


def index_columns() -> list[tuple]:
    """Return each index entry's article id, edition, publication time and section, in article order."""
    table = "search_entry" if connection.vendor == "sqlite" else "search_document"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id, edition, published_at, section_id FROM {table} ORDER BY 1")
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_migration_0002_fills_the_new_columns_from_the_articles_with_no_reindex(settings):
    """An index built before 0002 gets edition, time and section from the articles by `migrate` alone."""
    settings.DASTAN_SEARCH_BACKEND = ""
    # Transactional tests before this one (browser, servers) flush the models' tables but leave
    # the index's own tables: start from an empty index.
    get_backend().clear()
    newsroom()
    written = index_columns()  # as the signals write them
    assert [row[3] is not None for row in written].count(True) == 2
    try:
        call_command("migrate", "search", "0001", verbosity=0)
        call_command("migrate", "search", verbosity=0)
        assert index_columns() == written
        assert "Rahmon opens a bridge" in [
            Article.objects.get(pk=hit.article_id).headline
            for hit in get_backend().search(parse("Rahmon"), edition="en", filters=Filters(
                section=Section.objects.get(name="Politics")))[0:10]]
    finally:
        get_backend().clear()  # a transactional test's flush empties the models' tables, not the index


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_sqlite_rebuild_runs_with_the_configured_page_cache_and_restores_it(settings):
    settings.DASTAN_SEARCH_REBUILD_CACHE_MB = 64
    builders.article(headline="Rahmon in Khujand")

    def cache_size() -> int:
        with connection.cursor() as cursor:
            return cursor.execute("PRAGMA cache_size").fetchone()[0]

    before, during = cache_size(), []
    get_backend().rebuild(Article.objects.all(), progress=lambda n: during.append(cache_size()))
    assert during == [-64 * 1024] and cache_size() == before
