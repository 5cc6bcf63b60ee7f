import datetime
import json

import feedparser
import jsonschema
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dastan.publishing.models import Article
from dastan.syndication.feeds import article_guid
from tests import builders

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
XML_FEEDS = [
    ("/en/feed/rss/", "rss20"), ("/en/feed/atom/", "atom10"),
    ("/en/section/economy/feed/rss/", "rss20"), ("/en/section/economy/feed/atom/", "atom10"),
    ("/en/tag/water-dispute/feed/rss/", "rss20"), ("/en/tag/water-dispute/feed/atom/", "atom10"),
    ("/en/author/aida-karimova/feed/rss/", "rss20"), ("/en/author/aida-karimova/feed/atom/", "atom10"),
]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return feedparser.parse(response.content)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.mark.parametrize("url, version", XML_FEEDS)
def test_every_xml_feed_parses_cleanly_and_keeps_every_entry(client, newsroom, url, version):
    feed = parse(client, url)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    live = newsroom["live"]  # newest first, as the feed orders them
    assert [e.title for e in feed.entries] == [a.headline for a in live]
    assert [e.link for e in feed.entries] == [SITE + a.get_absolute_url() for a in live]
    assert [e.id for e in feed.entries] == [article_guid(a) for a in live]
    published = [datetime.datetime(*e.published_parsed[:6], tzinfo=datetime.UTC) for e in feed.entries]
    assert published == [a.published_at.replace(microsecond=0) for a in live]
    assert all(e.author == "Aida Karimova" for e in feed.entries)


@pytest.mark.parametrize("url", [url for url, _v in XML_FEEDS] + ["/en/feed/json/"])
def test_drafts_and_scheduled_articles_never_reach_a_feed(client, newsroom, url):
    body = client.get(url).content.decode()
    for hidden in newsroom["hidden"]:
        assert hidden.headline not in body and hidden.slug not in body


def test_entries_carry_categories_and_the_lead_image_as_an_enclosure(client, newsroom):
    lead = newsroom["lead"]
    for url, _version in XML_FEEDS[:2]:
        entry = parse(client, url).entries[0]
        assert sorted(t.term for t in entry.tags) == ["Aziz Nurov", "Water dispute"]
        [enclosure] = entry.enclosures
        assert enclosure.href == SITE + lead.image.url
        assert enclosure.type == "image/png"
        assert int(enclosure.length) == lead.image.size
        assert not parse(client, url).entries[1].enclosures


def test_russian_feed_names_tags_in_russian_and_lists_only_its_edition(client, newsroom):
    feed = parse(client, "/ru/tag/water-dispute/feed/rss/")
    assert feed.feed.title.startswith("Водный спор")
    assert feed.feed.language == "ru"
    assert [e.title for e in feed.entries] == ["Живая история"]
    assert [t.term for t in feed.entries[0].tags] == ["Водный спор"]
    assert feed.feed.description == "Последние статьи: Водный спор · Dastan"


def test_full_text_or_summary_is_a_setting(client, newsroom, settings):
    lead = newsroom["lead"]
    settings.DASTAN_FEED_FULL_TEXT = True
    assert parse(client, "/en/feed/rss/").entries[0].summary == lead.body
    assert json.loads(client.get("/en/feed/json/").content)["items"][0]["content_html"] == lead.body
    settings.DASTAN_FEED_FULL_TEXT = False
    assert parse(client, "/en/feed/rss/").entries[0].summary == lead.lead
    item = json.loads(client.get("/en/feed/json/").content)["items"][0]
    assert item["content_text"] == lead.lead and "content_html" not in item


def test_feed_length_is_a_setting(client, newsroom, settings):
    settings.DASTAN_FEED_ITEMS = 2
    assert len(parse(client, "/en/feed/atom/").entries) == 2


def test_headline_with_markup_survives_as_text(client, db):
    a = builders.article(headline="Tariffs <b>up</b> & </script> down")
    for url, _version in XML_FEEDS[:2]:
        feed = parse(client, url)
        assert not feed.bozo
        assert feed.entries[0].title == a.headline


def test_json_feed_follows_json_feed_1_1(client, newsroom, json_feed_schema):
    response = client.get("/en/feed/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    jsonschema.validate(data, json_feed_schema)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    live = newsroom["live"]
    assert [i["title"] for i in data["items"]] == [a.headline for a in live]
    assert [i["id"] for i in data["items"]] == [article_guid(a) for a in live]
    assert [i["url"] for i in data["items"]] == [SITE + a.get_absolute_url() for a in live]
    assert [datetime.datetime.fromisoformat(i["date_published"]) for i in data["items"]] == [
        a.published_at for a in live]
    assert data["items"][0]["image"] == SITE + newsroom["lead"].image.url
    author_url = SITE + "/en/author/aida-karimova/"
    assert data["items"][0]["authors"] == [{"name": "Aida Karimova", "url": author_url}]


@pytest.fixture
def json_feed_schema():
    from pathlib import Path

    return json.loads((Path(__file__).parent / "fixtures" / "jsonfeed-1.1.schema.json").read_text())


@pytest.mark.parametrize("url", [url for url, _v in XML_FEEDS] + ["/en/feed/json/"])
def test_unchanged_feed_answers_304_to_etag_and_to_if_modified_since(client, newsroom, url):
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_publishing_or_unpublishing_changes_the_etag(client, newsroom):
    url = "/en/feed/rss/"
    etag = client.get(url)["ETag"]
    builders.article(headline="Fresh news")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = client.get(url)["ETag"]
    Article.objects.filter(pk=newsroom["live"][2].pk).update(status=Article.Status.DRAFT)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert newsroom["live"][2].headline not in response.content.decode()


def test_scheduled_article_appears_when_its_time_comes_despite_if_modified_since(client, newsroom):
    url = "/en/feed/rss/"
    last_modified = client.get(url)["Last-Modified"]
    scheduled = newsroom["hidden"][1]
    with time_machine.travel(scheduled.published_at + datetime.timedelta(minutes=5)):
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200 and scheduled.headline in response.content.decode()


def test_empty_feed_is_valid(client, db):
    feed = parse(client, "/en/feed/atom/")
    assert not feed.bozo and feed.entries == []


@pytest.mark.parametrize("url", [
    "/en/tag/no-such-tag/feed/rss/", "/en/section/nowhere/feed/atom/", "/en/author/nobody/feed/rss/",
    "/en/tag/a%00b/feed/rss/", "/en/feed/xml/",
])
def test_unknown_feeds_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_feed_runs_a_fixed_number_of_queries(client, newsroom):
    """More articles, authors and tags must not add queries (no N+1 on bylines or categories)."""
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/en/tag/water-dispute/feed/atom/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        builders.article(tags=[newsroom["tag"], builders.tag()], authors=[builders.author()])
    assert count() == before
