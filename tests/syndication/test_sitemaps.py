import datetime
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from lxml import etree

from dastan.publishing.models import Article
from tests import builders

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
SITE = "http://127.0.0.1:8000"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIXTURES / name)))


def valid(response, xsd: str) -> etree._Element:
    """Return the parsed document of RESPONSE after asserting it is valid against XSD."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    doc = etree.fromstring(response.content)
    checker = schema(xsd)
    assert checker.validate(doc), checker.error_log
    return doc


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def locations(doc) -> list[str]:
    return doc.xpath("//sm:loc/text()", namespaces=NS)


def index_sections(client) -> dict[str, etree._Element]:
    doc = valid(client.get("/sitemap.xml"), "siteindex.xsd")
    return {loc.removeprefix(SITE): doc for loc in locations(doc)}


def test_index_lists_every_kind_of_sitemap_and_each_is_valid(client, newsroom):
    month = timezone.localtime(newsroom["live"][0].published_at).strftime("%Y-%m")
    listed = index_sections(client)
    assert {"/sitemap-pages.xml", "/sitemap-sections.xml", "/sitemap-tags.xml", "/sitemap-authors.xml",
            f"/sitemap-articles-{month}.xml"} <= set(listed)
    for path in listed:
        doc = valid(client.get(path), "sitemap.xsd")
        assert doc.xpath("//sm:url", namespaces=NS), path


def test_index_entries_carry_lastmod(client, newsroom):
    doc = valid(client.get("/sitemap.xml"), "siteindex.xsd")
    for entry in doc.xpath("//sm:sitemap", namespaces=NS):
        assert entry.findtext("sm:lastmod", namespaces=NS), entry.findtext("sm:loc", namespaces=NS)


def test_articles_are_split_by_month_in_the_site_time_zone(client, db, settings):
    settings.TIME_ZONE = "Asia/Tashkent"
    # 20:30 UTC on 31 January is already 1 February in Tashkent.
    feb = builders.article(published_at=datetime.datetime(2026, 1, 31, 20, 30, tzinfo=datetime.UTC))
    jan = builders.article(published_at=datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC))
    listed = index_sections(client)
    assert {"/sitemap-articles-2026-01.xml", "/sitemap-articles-2026-02.xml"} <= set(listed)
    january = locations(valid(client.get("/sitemap-articles-2026-01.xml"), "sitemap.xsd"))
    february = locations(valid(client.get("/sitemap-articles-2026-02.xml"), "sitemap.xsd"))
    assert january == [SITE + jan.get_absolute_url()]
    assert february == [SITE + feb.get_absolute_url()]


def test_a_long_month_is_split_into_pages_listed_in_the_index(client, db, monkeypatch):
    from dastan.syndication.sitemaps import ArticleMonthSitemap

    monkeypatch.setattr(ArticleMonthSitemap, "limit", 2)
    when = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
    made = [builders.article(published_at=when + datetime.timedelta(hours=i)) for i in range(5)]
    listed = index_sections(client)
    pages = sorted(p for p in listed if p.startswith("/sitemap-articles-2026-03.xml"))
    assert pages == ["/sitemap-articles-2026-03.xml", "/sitemap-articles-2026-03.xml?p=2",
                     "/sitemap-articles-2026-03.xml?p=3"]
    seen = []
    for page in pages:
        seen += locations(valid(client.get(page), "sitemap.xsd"))
    assert seen == [SITE + a.get_absolute_url() for a in made]
    assert client.get("/sitemap-articles-2026-03.xml?p=4").status_code == 404


def test_drafts_and_scheduled_articles_are_in_no_sitemap(client, newsroom):
    everything = []
    for path in [*index_sections(client), "/sitemap-news.xml"]:
        everything += locations(etree.fromstring(client.get(path).content))
    for hidden in newsroom["hidden"]:
        assert SITE + hidden.get_absolute_url() not in everything
    assert not any("secret-merger" in url or "ghost-writer" in url for url in everything)
    for live in [*newsroom["live"], newsroom["ru"]]:
        assert SITE + live.get_absolute_url() in everything


def test_listing_sitemaps_list_pages_per_edition_that_have_articles(client, newsroom):
    tags = locations(valid(client.get("/sitemap-tags.xml"), "sitemap.xsd"))
    assert tags == [SITE + "/en/tag/aziz-nurov/", SITE + "/en/tag/water-dispute/",
                    SITE + "/ru/tag/water-dispute/"]
    sections = locations(valid(client.get("/sitemap-sections.xml"), "sitemap.xsd"))
    assert sections == [SITE + "/en/section/economy/", SITE + "/ru/section/economy/"]
    authors = locations(valid(client.get("/sitemap-authors.xml"), "sitemap.xsd"))
    assert authors == [SITE + "/en/author/aida-karimova/", SITE + "/ru/author/aida-karimova/"]
    pages = locations(valid(client.get("/sitemap-pages.xml"), "sitemap.xsd"))
    assert pages == [SITE + "/en/", SITE + "/ru/"]


def test_news_sitemap_lists_the_last_48_hours_with_publication_date_and_title(client, newsroom):
    doc = valid(client.get("/sitemap-news.xml"), "sitemap-with-news.xsd")
    recent = [a for a in [*newsroom["live"], newsroom["ru"]]
              if a.published_at >= timezone.now() - datetime.timedelta(hours=48)]
    # 30 h old in English and 1 h old in Russian are in; 60 h and 90 h old are out.
    assert recent == [newsroom["live"][0], newsroom["ru"]]
    urls = doc.xpath("//sm:url", namespaces=NS)
    by_loc = {u.findtext("sm:loc", namespaces=NS): u for u in urls}
    assert set(by_loc) == {SITE + a.get_absolute_url() for a in recent}
    for article in recent:
        news = by_loc[SITE + article.get_absolute_url()].find("news:news", NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == "Dastan"
        assert news.findtext("news:publication/news:language", namespaces=NS) == article.edition
        assert news.findtext("news:title", namespaces=NS) == article.headline
        stamp = datetime.datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
        assert stamp == article.published_at


def test_news_sitemap_escapes_headlines(client, db):
    a = builders.article(headline="Prices & <wages> \"rise\" </script>")
    doc = valid(client.get("/sitemap-news.xml"), "sitemap-with-news.xsd")
    assert doc.xpath("//news:title/text()", namespaces=NS) == [a.headline]


def test_news_sitemap_forgets_articles_after_48_hours(client, db):
    a = builders.article()
    with time_machine.travel(a.published_at + datetime.timedelta(hours=49)):
        response = client.get("/sitemap-news.xml")
    assert a.get_absolute_url() not in response.content.decode()


def test_quiet_news_sitemap_is_an_empty_urlset(client, db):
    """With nothing new in 48 hours the News sitemap says so: a well-formed urlset with no <url>
    (sitemap.xsd wants at least one, and Google reads an empty one as "nothing new")."""
    builders.article(ago=datetime.timedelta(days=3))
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    doc = etree.fromstring(response.content)
    assert doc.tag == f"{{{NS['sm']}}}urlset" and len(doc) == 0


def test_empty_site_still_has_valid_index_and_sitemaps(client, db):
    listed = index_sections(client)
    assert set(listed) == {"/sitemap-pages.xml"}
    valid(client.get("/sitemap-pages.xml"), "sitemap.xsd")


@pytest.mark.parametrize("path", [
    "/sitemap-nothing.xml", "/sitemap-articles-2026-13.xml", "/sitemap-articles-2026-1.xml",
    "/sitemap-articles-1850-01.xml", "/sitemap-articles-2001-01.xml", "/sitemap-articles-9999-12.xml",
    "/sitemap-articles-0001-01.xml", "/sitemap-articles-2026-02-01.xml", "/sitemap-%00.xml",
    "/sitemap-tags.xml?p=abc", "/sitemap-tags.xml?p=9",
])
def test_unknown_empty_or_bad_sitemaps_are_404(client, newsroom, path):
    assert client.get(path).status_code == 404


def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out_of_previews(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/sitemap-news.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /en/preview/", "Disallow: /ru/preview/"} <= set(lines)


def test_unpublished_article_leaves_its_month(client, db):
    a = builders.article(published_at=datetime.datetime(2025, 6, 1, 9, 0, tzinfo=datetime.UTC))
    assert "/sitemap-articles-2025-06.xml" in index_sections(client)
    Article.objects.filter(pk=a.pk).update(status=Article.Status.DRAFT)
    assert "/sitemap-articles-2025-06.xml" not in index_sections(client)
    assert client.get("/sitemap-articles-2025-06.xml").status_code == 404


def test_index_runs_a_fixed_number_of_queries(client, db):
    """More months, tags and authors must not add queries (one aggregate finds every month)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    builders.article(tags=[builders.tag()], authors=[builders.author()], section=builders.section())
    with CaptureQueriesContext(connection) as before:
        client.get("/sitemap.xml")
    for months_ago in range(1, 5):
        builders.article(ago=datetime.timedelta(days=31 * months_ago), tags=[builders.tag()],
                         authors=[builders.author()], section=builders.section())
    with CaptureQueriesContext(connection) as after:
        doc = valid(client.get("/sitemap.xml"), "siteindex.xsd")
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len([loc for loc in locations(doc) if "articles-" in loc]) >= 4
