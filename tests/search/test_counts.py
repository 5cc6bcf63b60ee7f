"""The count of a search is cached, and every change a reader could see in it recounts it."""

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


def test_the_results_line_follows_a_publish(client, settings, db):
    settings.DASTAN_SEARCH_BACKEND = ""  # the database's own backend, before anything is indexed
    builders.article(headline="Textile factory reopens", body="<p>The factory in Khojand had stood idle.</p>")

    def results_line():
        page = html.fromstring(client.get("/en/search/?q=Khojand").content)
        return page.xpath("string(//p[@class='results-line'])")

    assert results_line() == "Viewing results 1 - 1 of 1"
    builders.article(headline="Khojand market opens")
    assert results_line() == "Viewing results 1 - 2 of 2"
