import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from dastan.caching.models import ListingEntry
from dastan.publishing.models import Article
from dastan.publishing.views import listed
from tests import builders

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.fromstring(response.content).text_content().split())


def card_headlines(response) -> list[str]:
    cards = html.fromstring(response.content).xpath(
        "//main//article[contains(concat(' ', @class, ' '), ' card ')]//h3")
    return [" ".join(h.text_content().split()) for h in cards]


@pytest.fixture
def tagged(db):
    tag = builders.tag(slug="water")
    same_time = timezone.now() - datetime.timedelta(hours=2)
    arts = [builders.article(tags=[tag], headline=f"Story {i}", published_at=same_time) for i in range(3)]
    arts += [builders.article(tags=[tag], headline=f"Story {i}", ago=datetime.timedelta(days=i))
             for i in range(3, 7)]
    return {"tag": tag, "articles": arts}


def test_tag_pages_list_the_same_articles_in_the_same_order_as_the_plain_query(client, settings, tagged):
    """Ties on the publication time are broken by id, as in listed(); every page matches."""
    settings.DASTAN_PAGE_SIZE = 2
    expected = [a.headline for a in listed("en").filter(tags=tagged["tag"])]
    shown = []
    for page in range(1, 5):
        shown += card_headlines(client.get(f"/en/tag/water/?page={page}"))
    assert shown == expected and len(shown) == 7


def test_listing_queries_never_select_the_body(client, tagged):
    with CaptureQueriesContext(connection) as ctx:
        client.get("/en/tag/water/")
    assert ctx.captured_queries and not any('"body"' in q["sql"] for q in ctx.captured_queries)


def test_the_count_is_cached_and_stays_exact_through_publish_and_unpublish(client, tagged):
    client.get("/en/tag/water/")
    with CaptureQueriesContext(connection) as ctx:
        assert "Viewing results 1 - 7 of 7" in text_of(client.get("/en/tag/water/"))
    assert not any("COUNT(" in q["sql"] for q in ctx.captured_queries)
    extra = builders.article(tags=[tagged["tag"]])
    assert "Viewing results 1 - 8 of 8" in text_of(client.get("/en/tag/water/"))
    extra.status = Article.Status.DRAFT
    extra.save()
    assert "Viewing results 1 - 7 of 7" in text_of(client.get("/en/tag/water/"))
    extra.delete()
    tagged["articles"][0].delete()
    assert "Viewing results 1 - 6 of 6" in text_of(client.get("/en/tag/water/"))


@pytest.mark.parametrize("url", ["/en/tag/water/", "/en/author/aida/", "/en/section/politics/"])
def test_cached_counts_include_scheduled_articles_when_their_time_comes(client, tagged, url):
    author, section = builders.author(slug="aida"), builders.section(slug="politics")
    builders.article(tags=[tagged["tag"]], authors=[author], section=section)
    when = timezone.now() + datetime.timedelta(hours=1)
    builders.article(tags=[tagged["tag"]], authors=[author], section=section, published_at=when)
    before = text_of(client.get(url))
    with time_machine.travel(when + datetime.timedelta(seconds=1)):
        after = text_of(client.get(url))
    total = 8 if "tag" in url else 1
    assert f"of {total}" in before and f"of {total + 1}" in after


def test_rebuild_refills_the_index_after_writes_that_bypassed_signals(client, tagged):
    ListingEntry.objects.all().delete()
    Article.objects.filter(pk=tagged["articles"][0].pk).update(headline="Bulk edited")
    out = io.StringIO()
    call_command("listings", "--rebuild", stdout=out)
    assert out.getvalue().strip() == "7 rows"
    response = client.get("/en/tag/water/")
    assert "Viewing results 1 - 7 of 7" in text_of(response) and "Bulk edited" in text_of(response)


def test_drafts_have_no_index_rows_and_get_them_when_published(tagged):
    draft = builders.article(tags=[tagged["tag"]], status=Article.Status.DRAFT)
    assert not ListingEntry.objects.filter(article=draft).exists()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert ListingEntry.objects.filter(article=draft, scope="tag", scope_id=tagged["tag"].pk).exists()
