"""A search's count and pages of hits are cached, and every change a reader could see undoes them."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from dastan.publishing.models import Article
from dastan.search.filters import Filters
from dastan.search.query import parse
from dastan.taxonomy.models import Alias
from tests import builders

pytestmark = pytest.mark.django_db


def count(backend, text, edition="en", filters=None) -> int:
    """Return the count a new page view would show (a fresh result set, as each request makes)."""
    return backend.search(parse(text), edition=edition, filters=filters or Filters()).count()


def test_a_repeated_count_runs_no_query(backend, corpus):
    first = count(backend, "Khojand")
    with CaptureQueriesContext(connection) as ctx:
        assert count(backend, "Khojand") == first
    assert ctx.captured_queries == []


def test_publish_edit_unpublish_and_delete_recount(backend, corpus):
    assert count(backend, "Khojand") == 1
    fresh = builders.article(headline="Khojand market opens")
    assert count(backend, "Khojand") == 2
    fresh.headline = "Market opens"
    fresh.save()
    assert count(backend, "Khojand") == 1
    factory = corpus["articles"]["khojand"]
    factory.status = Article.Status.DRAFT
    factory.save()
    assert count(backend, "Khojand") == 0
    factory.status = Article.Status.PUBLISHED
    factory.save()
    assert count(backend, "Khojand") == 1
    factory.delete()
    assert count(backend, "Khojand") == 0


def test_a_tag_renamed_or_given_an_alias_recounts(backend, corpus):
    if "aliases" not in backend.features:
        pytest.skip(f"the {backend.name} backend has no aliases: it does not search tags")
    tag = corpus["rahmon"]
    assert count(backend, "Rohmonzoda") == 0
    # A two-word name is not an alias: the query's keys stay the same, only the index changes.
    tag.name = "Emomali Rohmonzoda"
    tag.save()
    assert count(backend, "Rohmonzoda") == 1
    assert count(backend, "Rachmon") == 0
    Alias.objects.create(tag=tag, name="Rachmon")
    assert count(backend, "Rachmon") == 3


def test_a_changed_byline_recounts_an_author_filter(backend, corpus):
    aida = corpus["aida"]
    assert count(backend, "bridge", filters=Filters(author=aida)) == 0
    corpus["articles"]["headline"].authors.add(aida)
    assert count(backend, "bridge", filters=Filters(author=aida)) == 1


def test_a_scheduled_article_is_counted_once_its_time_has_come(backend, corpus):
    before = count(backend, "Toshkent")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert count(backend, "Toshkent") == before + 1


def test_a_rebuild_after_a_bulk_write_recounts(backend, corpus):
    assert count(backend, "Khojand") == 1
    Article.objects.filter(pk=corpus["articles"]["khojand"].pk).update(status=Article.Status.DRAFT)
    backend.rebuild(Article.objects.filter(status=Article.Status.PUBLISHED))
    assert count(backend, "Khojand") == 0


@pytest.fixture
def page(client, settings, db):
    """The search page on the database's own backend, read as (results line, hits, section links)."""
    settings.DASTAN_SEARCH_BACKEND = ""  # set before anything is indexed

    def read(q="Khojand", edition="en"):
        doc = html.fromstring(client.get(f"/{edition}/search/?q={q}").content)
        return (doc.xpath("string(//p[@class='results-line'])"),
                [" ".join(h.text_content().split()) for h in doc.xpath("//h3[@class='card-headline']")],
                doc.xpath("//p[@class='card-meta']/a/text()"))

    return read


def test_the_page_follows_publish_edit_unpublish_and_delete(page):
    factory = builders.article(headline="Textile factory reopens", ago=datetime.timedelta(days=30),
                               body="<p>The factory in Khojand had stood idle.</p>")
    assert page()[:2] == ("Viewing results 1 - 1 of 1", ["Textile factory reopens"])
    market = builders.article(headline="Khojand market opens")
    assert page()[:2] == ("Viewing results 1 - 2 of 2", ["Khojand market opens", "Textile factory reopens"])
    factory.headline = "Textile factory in Khojand reopens"
    factory.save()
    assert sorted(page()[1]) == ["Khojand market opens", "Textile factory in Khojand reopens"]
    market.status = Article.Status.DRAFT
    market.save()
    assert page()[:2] == ("Viewing results 1 - 1 of 1", ["Textile factory in Khojand reopens"])
    factory.delete()
    assert page()[:2] == ("", [])


def test_the_page_follows_a_section_renamed(page):
    section = builders.section(name="Regions", slug="regions")
    builders.article(headline="Khojand market opens", section=section)
    assert page()[2] == ["Regions"]
    section.name = "Provinces"
    section.save()
    assert page()[2] == ["Provinces"]


def test_a_scheduled_article_appears_on_the_page_at_its_time(page):
    builders.article(headline="Khojand market opens", ago=datetime.timedelta(days=2))
    later = timezone.now() + datetime.timedelta(hours=5)
    builders.article(headline="Khojand bridge opens", published_at=later)
    assert page()[1] == ["Khojand market opens"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=6)):
        assert page()[1] == ["Khojand bridge opens", "Khojand market opens"]


def test_a_cached_page_runs_no_query_and_ends_with_the_hour(client, page):
    builders.article(headline="Khojand market opens")
    page()
    with CaptureQueriesContext(connection) as ctx:
        page()
    assert ctx.captured_queries == []
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)), \
            CaptureQueriesContext(connection) as ctx:
        page()
    assert any("search" in q["sql"] for q in ctx.captured_queries)


def test_the_page_is_not_cached_when_the_setting_is_off(settings, page):
    settings.DASTAN_SEARCH_CACHE = False
    builders.article(headline="Khojand market opens")
    page()
    with CaptureQueriesContext(connection) as ctx:
        page()
    assert any("search" in q["sql"] for q in ctx.captured_queries)


def test_each_edition_has_its_own_cached_page(page):
    builders.article(headline="Khojand market opens")
    builders.article(edition="ru", headline="В Khojand открылся рынок")
    assert page()[1] == ["Khojand market opens"]
    assert page(edition="ru")[1] == ["В Khojand открылся рынок"]
    assert page()[1] == ["Khojand market opens"]
