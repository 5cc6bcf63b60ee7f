import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dastan.publishing.models import Article
from tests import builders

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    return json.loads(response.content) if response.content else None


def headlines(data) -> list[str]:
    return [row["headline"] for row in data["results"]]


def test_list_shows_published_articles_newest_first_with_counts(client, newsroom):
    data = get(client, "/api/articles")
    live = [newsroom["ru"], *newsroom["live"]]
    assert headlines(data) == [a.headline for a in live]
    envelope = (data["count"], data["page"], data["num_pages"], data["next"], data["previous"])
    assert envelope == (4, 1, 1, None, None)


def test_list_entry_fields(client, newsroom):
    lead = newsroom["lead"]
    row = get(client, "/api/articles?edition=en")["results"][0]
    assert row["id"] == lead.pk and row["slug"] == lead.slug and row["edition"] == "en"
    assert row["url"] == SITE + lead.get_absolute_url()
    assert row["lead"] == lead.lead
    assert datetime.datetime.fromisoformat(row["published_at"]) == lead.published_at.replace(
        microsecond=lead.published_at.microsecond // 1000 * 1000)
    assert row["section"] == {"slug": "economy", "name": "Economy"}
    assert row["authors"] == [{"slug": "aida-karimova", "name": "Aida Karimova"}]
    assert sorted(t["slug"] for t in row["tags"]) == ["aziz-nurov", "water-dispute"]
    assert row["image"] == {"url": SITE + lead.image.url, "width": 64, "height": 48, "alt": "A dry canal",
                            "caption": "The canal in August", "credit": ""}
    assert "body" not in row


@pytest.mark.parametrize("query, expected", [
    ("edition=ru", ["Живая история"]),
    ("edition=en&tag=aziz-nurov", ["Live story 1"]),
    ("section=economy&edition=en", ["Live story 1", "Live story 2", "Live story 3"]),
    ("author=aida-karimova&edition=en&page_size=2", ["Live story 1", "Live story 2"]),
])
def test_filters(client, newsroom, query, expected):
    assert headlines(get(client, f"/api/articles?{query}")) == expected


def test_date_range_is_inclusive_in_the_site_time_zone(client, db, settings):
    settings.TIME_ZONE = "Asia/Tashkent"
    # 20:30 UTC on 31 January is 1 February in Tashkent.
    builders.article(headline="feb", published_at=datetime.datetime(2026, 1, 31, 20, 30, tzinfo=datetime.UTC))
    builders.article(headline="jan", published_at=datetime.datetime(2026, 1, 31, 10, 0, tzinfo=datetime.UTC))
    assert headlines(get(client, "/api/articles?since=2026-02-01")) == ["feb"]
    assert headlines(get(client, "/api/articles?until=2026-01-31")) == ["jan"]
    assert headlines(get(client, "/api/articles?since=2026-01-31&until=2026-01-31")) == ["jan"]
    assert headlines(get(client, "/api/articles?since=0001-01-01&until=9999-12-31")) == ["feb", "jan"]
    assert headlines(get(client, "/api/articles?until=1800-01-01")) == []


def test_pagination_links_keep_the_filters(client, newsroom):
    data = get(client, "/api/articles?edition=en&page_size=2")
    assert (data["count"], data["num_pages"]) == (3, 2)
    assert data["next"] == SITE + "/api/articles?edition=en&page_size=2&page=2"
    second = get(client, data["next"].removeprefix(SITE))
    assert headlines(second) == ["Live story 3"]
    assert second["previous"] == SITE + "/api/articles?edition=en&page_size=2&page=1"
    assert second["next"] is None


def test_empty_list_has_page_one(client, db):
    data = get(client, "/api/articles")
    assert (data["count"], data["page"], data["num_pages"], data["results"]) == (0, 1, 1, [])


def test_drafts_and_scheduled_never_leak(client, newsroom):
    everything = client.get("/api/articles?page_size=100").content.decode()
    for hidden in newsroom["hidden"]:
        assert hidden.headline not in everything
        assert get(client, f"/api/articles/{hidden.pk}", status=404) == {"detail": "Not Found"}
    tags = client.get("/api/tags?page_size=100").content.decode()
    authors = client.get("/api/authors?page_size=100").content.decode()
    assert "secret-merger" not in tags and "ghost-writer" not in authors
    # A tag or author known only from unpublished work is as unknown as a made-up one.
    refused = get(client, "/api/articles?tag=secret-merger", status=400)
    assert refused["detail"] == "Unknown tag: 'secret-merger'."
    assert get(client, "/api/articles?author=ghost-writer", status=400)["detail"].startswith("Unknown author")


def test_detail_has_body_tags_section_authors_and_translations(client, newsroom):
    lead, ru = newsroom["lead"], newsroom["ru"]
    data = get(client, f"/api/articles/{lead.pk}")
    assert data["headline"] == lead.headline
    assert data["body"] == lead.body
    assert data["section"]["slug"] == "economy"
    assert [a["name"] for a in data["authors"]] == ["Aida Karimova"]
    assert sorted((t["slug"], t["kind"]) for t in data["tags"]) == [("aziz-nurov", "person"),
                                                                       ("water-dispute", "topic")]
    assert data["translations"] == [{"edition": "ru", "url": SITE + ru.get_absolute_url()}]
    ru_data = get(client, f"/api/articles/{ru.pk}")
    assert ru_data["section"]["name"] == "Экономика"
    assert ru_data["tags"][0]["name"] == "Водный спор"


def test_scheduled_article_appears_in_the_api_when_its_time_comes(client, newsroom):
    scheduled = newsroom["hidden"][1]
    get(client, f"/api/articles/{scheduled.pk}", status=404)
    now = timezone.now()
    Article.objects.filter(pk=scheduled.pk).update(published_at=now - datetime.timedelta(seconds=1))
    assert get(client, f"/api/articles/{scheduled.pk}")["headline"] == scheduled.headline


@pytest.mark.parametrize("url, field", [
    ("/api/articles?since=2026-13-01", "query.since"),
    ("/api/articles?since=yesterday", "query.since"),
    ("/api/articles?until=2026-02-30", "query.until"),
    ("/api/articles?page_size=100000", "query.page_size"),
    ("/api/articles?page_size=0", "query.page_size"),
    ("/api/articles?page=0", "query.page"),
    ("/api/articles?page=-1", "query.page"),
    ("/api/articles?page=abc", "query.page"),
    ("/api/articles?page=99999999999999999999", "query.page"),
    ("/api/articles?edition=EN!", "query.edition"),
    ("/api/articles?tag=a%00b", "query.tag"),
    ("/api/articles?section=" + "x" * 500, "query.section"),
    ("/api/articles/0", "path.article_id"),
    ("/api/articles/99999999999999999999999", "path.article_id"),
    ("/api/articles/abc", "path.article_id"),
    ("/api/tags?kind=planet", "query.kind"),
    ("/api/authors?page_size=101", "query.page_size"),
])
def test_malformed_input_is_400_naming_the_field(client, db, url, field):
    data = get(client, url, status=400)
    assert data["detail"] == "Invalid parameters."
    assert field in [e["field"] for e in data["errors"]]


@pytest.mark.parametrize("url, detail", [
    ("/api/articles?edition=xx", "Unknown edition: 'xx'; editions are en, ru."),
    ("/api/articles?section=nowhere", "Unknown section: 'nowhere'."),
    ("/api/articles?tag=no-such-tag", "Unknown tag: 'no-such-tag'."),
    ("/api/articles?author=nobody", "Unknown author: 'nobody'."),
    ("/api/articles?since=2026-02-01&until=2026-01-01", "'since' is after 'until'."),
    ("/api/articles?page=2", "Page 2 does not exist; there are 1 pages."),
    ("/api/tags?page=5", "Page 5 does not exist; there are 1 pages."),
])
def test_unknown_values_are_400_with_a_clear_message(client, newsroom, url, detail):
    assert get(client, url, status=400) == {"detail": detail, "errors": []}


def test_etag_answers_304_and_changes_with_content(client, newsroom):
    first = client.get("/api/articles")
    etag = first["ETag"]
    assert client.get("/api/articles", HTTP_IF_NONE_MATCH=etag).status_code == 304
    builders.article(headline="Breaking")
    assert client.get("/api/articles", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cors_allows_any_origin_to_read(client, newsroom):
    for url in ("/api/articles", f"/api/articles/{newsroom['lead'].pk}", "/api/articles?edition=xx"):
        response = client.get(url, HTTP_ORIGIN="https://partner.example")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/en/")


def test_list_runs_a_fixed_number_of_queries(client, newsroom):
    """Listing more articles, authors and tags must not add queries (no N+1 on bylines or tags)."""
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/articles?tag=water-dispute").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        builders.article(tags=[newsroom["tag"], builders.tag()], authors=[builders.author()],
                         section=builders.section())
    assert count() == before
