from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from dastan.search.backends import get_backend
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
