import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from dastan.publishing.models import Article, EditConflict
from tests import builders

pytestmark = pytest.mark.django_db


def test_body_is_sanitised_on_save():
    a = builders.article(
        body='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">l</a></p>'
    )
    a.refresh_from_db()
    assert "script" not in a.body
    assert "onclick" not in a.body
    assert "javascript:" not in a.body
    assert a.body.startswith("<p>Hi")


def test_slug_is_unique_within_an_edition_only():
    builders.article(slug="same", edition="en")
    builders.article(slug="same", edition="ru")
    with pytest.raises(IntegrityError), transaction.atomic():
        builders.article(slug="same", edition="en")


def test_scheduled_article_appears_by_itself_when_its_time_comes():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        a = builders.article(published_at=start + datetime.timedelta(hours=2))
        assert a.state == Article.State.SCHEDULED
        assert not Article.objects.published().filter(pk=a.pk).exists()
        assert Article.objects.scheduled().filter(pk=a.pk).exists()
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=1), tick=False):
        assert Article.objects.published().filter(pk=a.pk).exists()
        assert Article.objects.get(pk=a.pk).state == Article.State.PUBLISHED


def test_draft_is_never_published():
    yesterday = timezone.now() - datetime.timedelta(days=1)
    a = builders.article(status=Article.Status.DRAFT, published_at=yesterday)
    assert a.state == Article.State.DRAFT
    assert not Article.objects.published().filter(pk=a.pk).exists()


def test_publishing_without_a_time_stamps_now():
    a = builders.article(published_at=None)
    assert a.published_at is not None and a.published_at <= timezone.now()


def test_stale_save_raises_conflict_and_changes_nothing():
    a = builders.article(headline="First")
    loaded = a.version
    mine, theirs = Article.objects.get(pk=a.pk), Article.objects.get(pk=a.pk)
    theirs.headline = "Theirs"
    theirs.save(expected_version=loaded)
    mine.headline = "Mine"
    with pytest.raises(EditConflict), transaction.atomic():
        mine.save(expected_version=loaded)
    assert Article.objects.get(pk=a.pk).headline == "Theirs"


def test_translations_are_linked_by_key_and_only_published_show():
    en = builders.article(edition="en")
    ru = builders.article(edition="ru", translation_key=en.translation_key)
    builders.article(edition="ky", translation_key=en.translation_key, status=Article.Status.DRAFT)
    assert list(en.translations()) == [ru]
