import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from dastan.publishing.models import Article
from tests import builders

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.fromstring(response.content).text_content().split())


@pytest.fixture
def story(db):
    """A tag with four articles in English, one in Russian, and a draft that must not count."""
    t = builders.tag(name="Case of a reporter", slug="reporter-case",
                     name_translations={"ru": "Дело репортёра"})
    s = builders.section(name="Rights", slug="rights", name_translations={"ru": "Права"})
    a = builders.author(name="Aida Karimova", slug="aida-karimova")
    arts = [builders.article(tags=[t], section=s, authors=[a], ago=datetime.timedelta(days=i))
            for i in range(1, 5)]
    builders.article(tags=[t], edition="ru", section=s)
    builders.article(tags=[t], status=Article.Status.DRAFT)
    return {"tag": t, "section": s, "author": a, "articles": arts}


def test_tag_page_counts_honestly(client, story):
    response = client.get("/en/tag/reporter-case/")
    assert response.status_code == 200
    assert "Viewing results 1 - 4 of 4" in text_of(response)


def test_tag_page_in_russian_is_translated(client, story):
    response = client.get("/ru/tag/reporter-case/")
    text = text_of(response)
    assert "Дело репортёра" in text
    assert "Показаны результаты 1 - 1 из 1" in text


def test_empty_tag_page_has_an_empty_state_not_one_to_zero(client):
    builders.tag(slug="quiet")
    text = text_of(client.get("/en/tag/quiet/"))
    assert "There are no articles here yet." in text
    assert "1 - 0" not in text and "Viewing results" not in text


def test_pagination_last_page_line(client, settings, story):
    settings.DASTAN_PAGE_SIZE = 3
    assert "Viewing results 1 - 3 of 4" in text_of(client.get("/en/tag/reporter-case/"))
    assert "Viewing results 4 - 4 of 4" in text_of(client.get("/en/tag/reporter-case/?page=2"))


@pytest.mark.parametrize("page", ["abc", "0", "-1", "3", "99999999999999", "1.5", "١"])
def test_bad_page_numbers_are_404(client, story, page, settings):
    settings.DASTAN_PAGE_SIZE = 3
    assert client.get(f"/en/tag/reporter-case/?page={page}").status_code == 404


@pytest.mark.parametrize("url", [
    "/en/tag/no-such-tag/", "/en/section/nowhere/", "/en/author/nobody/", "/en/articles/missing/",
    "/en/archive/2026/13/", "/en/archive/2026/02/30/", "/xx/", "/en/preview/1/x/",
])
def test_unknown_things_are_404_with_the_branded_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_draft_and_scheduled_articles_are_404_to_readers_but_previewable(client, admin_client):
    draft = builders.article(status=Article.Status.DRAFT, slug="draft-one")
    later = builders.article(slug="later-one", published_at=timezone.now() + datetime.timedelta(days=1))
    for a in (draft, later):
        assert client.get(f"/en/articles/{a.slug}/").status_code == 404
        assert client.get(f"/en/preview/{a.pk}/").status_code == 302  # to the login page
        preview = admin_client.get(f"/en/preview/{a.pk}/")
        assert preview.status_code == 200 and a.headline in text_of(preview)
        assert preview["Cache-Control"] == "private, no-store"


def test_article_page_shows_byline_tags_section_translation_and_related(client, story):
    first = story["articles"][0]
    ru = builders.article(edition="ru", translation_key=first.translation_key, headline="Русский заголовок")
    response = client.get(first.get_absolute_url())
    doc = html.fromstring(response.content)
    assert doc.findtext(".//h1") == first.headline
    assert [a.text for a in doc.findall(".//a[@rel='author']")] == ["Aida Karimova"]
    assert [a.text for a in doc.findall(".//a[@rel='tag']")] == ["Case of a reporter"]
    assert doc.xpath("//nav[@aria-label='Editions']//a[@hreflang='ru']/@href") == [ru.get_absolute_url()]
    related = doc.xpath("//aside[@class='related']//a/text()")
    assert len(related) == 3 and first.headline not in related


def test_every_other_edition_gets_a_link_translated_or_not(client, story, settings):
    """Each edition links to the story in that edition where it has one, else to its home page."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("uz", "Oʻzbekcha")]
    first = story["articles"][0]
    ru = builders.article(edition="ru", translation_key=first.translation_key, headline="Русский заголовок")
    doc = html.fromstring(client.get(first.get_absolute_url()).content)
    links = {a.get("hreflang"): a.get("href") for a in doc.xpath("//nav[@aria-label='Editions']//a")}
    assert links == {"ru": ru.get_absolute_url(), "uz": "/uz/"}
    assert doc.xpath("//nav[@aria-label='Editions']//span[@aria-current='true']/text()") == ["English"]
    assert not [li for li in doc.xpath("//nav[@aria-label='Editions']//li") if not len(li)]


def test_article_time_is_shown_in_the_site_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Tashkent"
    a = builders.article(published_at=datetime.datetime(2026, 3, 7, 5, 30, tzinfo=datetime.UTC))
    doc = html.fromstring(client.get(a.get_absolute_url()).content)
    assert doc.xpath("//p[@class='byline']/time/@datetime")[0] == "2026-03-07T10:30:00+05:00"


def test_home_has_lead_latest_and_section_blocks(client, story):
    doc = html.fromstring(client.get("/en/").content)
    assert doc.xpath("//section[@class='lead-story']//a/text()") == [story["articles"][0].headline]
    assert doc.xpath("//section[@class='section-block']/h2/a/text()") == ["Rights"]
    # The lead story is not repeated in its section's block: the other three are there.
    block = [" ".join(h.text_content().split()) for h in doc.xpath("//section[@class='section-block']//h3")]
    assert block == [a.headline for a in story["articles"][1:]]


def test_header_shows_todays_date_in_the_editions_language(client):
    ru = html.fromstring(client.get("/ru/").content).xpath("//p[@class='today']/time")[0]
    month = timezone.localdate().month
    names = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]
    assert names[month - 1] in ru.text_content()


def test_the_frame_follows_the_day_the_year_the_edition_and_the_site_name(client, settings):
    """The masthead and footer are rendered once per process and reused: never past their day."""
    import time_machine

    def frame(url):
        doc = html.fromstring(client.get(url).content)
        return (doc.xpath("//p[@class='today']/time/@datetime")[0],
                " ".join(doc.xpath("//footer")[0].text_content().split()),
                doc.xpath("//p[@class='site-name']/a/text()")[0],
                doc.xpath("//button/text()")[0])

    evening = datetime.datetime(2026, 12, 31, 18, 59, tzinfo=datetime.UTC)  # 23:59 in Tashkent
    with time_machine.travel(evening, tick=False):
        assert frame("/en/")[:2] == ("2026-12-31", "Dastan Independent regional news · © 2026 Back to top")
        assert frame("/ru/")[3] == "Найти"
    with time_machine.travel(evening + datetime.timedelta(minutes=2), tick=False):
        assert frame("/en/")[:2] == ("2027-01-01", "Dastan Independent regional news · © 2027 Back to top")
        settings.SITE_NAME = "Kabar"
        assert frame("/en/")[2] == "Kabar"
        assert frame("/en/")[3] == "Search"


def test_archive_lists_the_month_in_local_time(client):
    # 20:30 UTC on the 31st is already the 1st of the next month in Tashkent.
    a = builders.article(published_at=datetime.datetime(2026, 1, 31, 20, 30, tzinfo=datetime.UTC))
    assert a.headline in text_of(client.get("/en/archive/2026/02/"))
    assert a.headline not in text_of(client.get("/en/archive/2026/01/"))
    assert a.headline in text_of(client.get("/en/archive/2026/02/01/"))


def _queries(client, url) -> int:
    client.get(url)  # warm per-process caches (navigation, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(story, n):
    for _ in range(n):
        extra_tag = builders.tag()
        builders.article(tags=[story["tag"], extra_tag], section=story["section"],
                         authors=[story["author"], builders.author()])


# Queries per page with the fragment cache on (parts cached) and off (every part rendered).
LISTING_QUERIES = {
    "/en/": (4, 4), "/en/tag/reporter-case/": (1, 3), "/en/section/rights/": (2, 2),
    "/en/author/aida-karimova/": (2, 3), "/en/archive/{year}/": (2, 2),
}


@pytest.fixture(params=["fragments on", "fragments off"])
def fragments_on(request, settings, monkeypatch):
    from dastan.caching import keys

    monkeypatch.setattr(keys, "CLOCK_MARGIN_SECONDS", 0.0)
    settings.DASTAN_FRAGMENT_CACHE = request.param == "fragments on"
    return settings.DASTAN_FRAGMENT_CACHE


@pytest.mark.parametrize("url", list(LISTING_QUERIES))
def test_listing_pages_run_a_fixed_number_of_queries(client, story, url, fragments_on):
    """Listing more articles, authors and tags must not add queries (no N+1 on bylines or sections)."""
    expected = LISTING_QUERIES[url][0 if fragments_on else 1]
    url = url.format(year=timezone.localdate().year)
    assert _queries(client, url) == expected
    _grow(story, 6)
    assert _queries(client, url) == expected


def test_article_page_runs_a_fixed_number_of_queries(client, story, fragments_on):
    """More tags, authors, related articles and translations must not add queries.

    With its parts cached the page runs one query (is the article published in this edition?);
    rendering them takes the article, its authors and tags, translations, related articles and,
    to know how long the related list holds, the next scheduled article of its tags.
    """
    expected = 1 if fragments_on else 6
    a = story["articles"][0]
    assert _queries(client, a.get_absolute_url()) == expected
    a.tags.add(*[builders.tag() for _ in range(4)])
    a.authors.add(builders.author(), builders.author())
    builders.article(edition="ru", translation_key=a.translation_key)
    _grow(story, 5)
    assert _queries(client, a.get_absolute_url()) == expected


@pytest.mark.parametrize("url", [
    "/en/tag/a%00b/", "/en/author/a%00b/", "/en/articles/a%00b/", "/en/section/a%00b/",
    "/en/tag/a%00b/feed/rss/", "/en/author/x%00/feed/atom/",
])
def test_nul_bytes_in_slugs_are_404_not_a_database_error(client, url):
    assert client.get(url).status_code == 404


def test_cyrillic_slugs_still_resolve(client):
    builders.tag(slug="вода", name="Вода")
    assert client.get("/ru/tag/вода/").status_code == 200
