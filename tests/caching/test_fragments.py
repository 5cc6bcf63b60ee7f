"""Fragment caching: cached parts of reader pages refresh exactly when what they show changes."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from dastan.caching import fragments, keys
from dastan.publishing.models import Article
from dastan.rates.models import Quote
from dastan.rates.providers.base import ParsedQuote
from dastan.rates.services import store
from tests import builders

pytestmark = pytest.mark.django_db

BODY = "<p>Officers seized 150,000 somoni in the raid.</p>"
DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def news(db):
    """An article with a tag, an author, a section, a related article and a Russian translation."""
    section = builders.section(name="Economy", slug="economy", name_translations={"ru": "Экономика"})
    tag = builders.tag(name="Water dispute", slug="water", name_translations={"ru": "Водный спор"})
    author = builders.author(name="Aida Karimova", slug="aida")
    main = builders.article(slug="seized", headline="Cash seized", body=BODY, section=section, tags=[tag],
                            authors=[author],
                            published_at=datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC))
    other = builders.article(slug="other", headline="Earlier story", tags=[tag], section=section,
                             published_at=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC))
    ru = builders.article(edition="ru", slug="izyato", headline="Изъяты деньги", tags=[tag], section=section,
                          translation_key=main.translation_key)
    return {"section": section, "tag": tag, "author": author, "main": main, "other": other, "ru": ru}


def page(client, url: str) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.content.decode())


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def text(nodes) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


ARTICLE = "/en/articles/seized/"


def test_a_cached_article_page_runs_one_query_and_matches_a_fresh_render(client, fragment_cache, news,
                                                                        settings):
    fresh = client.get(ARTICLE).content
    assert queries(client, ARTICLE) == 1  # is it published, in this edition, now?
    assert client.get(ARTICLE).content == fresh
    settings.DASTAN_FRAGMENT_CACHE = False
    assert client.get(ARTICLE).content == fresh


def test_editing_the_article_refreshes_its_body_head_and_cards(client, fragment_cache, news):
    page(client, ARTICLE), page(client, "/en/tag/water/")
    main = news["main"]
    main.headline, main.body = "Cash and gold seized", "<p>Gold too.</p>"
    main.save()
    doc = page(client, ARTICLE)
    assert doc.findtext(".//h1") == "Cash and gold seized"
    assert text(doc.xpath("//div[@class='article-body']")) == ["Gold too."]
    assert doc.xpath("//meta[@property='og:title']/@content") == ["Cash and gold seized"]
    assert "Cash and gold seized" in text(page(client, "/en/tag/water/").xpath("//h3"))


def test_unpublishing_is_seen_at_once_and_republishing_brings_it_back(client, fragment_cache, news):
    page(client, ARTICLE), page(client, "/en/tag/water/")
    main = news["main"]
    main.status = Article.Status.DRAFT
    main.save()
    assert client.get(ARTICLE).status_code == 404
    assert "Cash seized" not in text(page(client, "/en/tag/water/").xpath("//h3"))
    related = page(client, "/en/articles/other/").xpath("//aside[@class='related']//a")
    assert "Cash seized" not in text(related)
    main.status = Article.Status.PUBLISHED
    main.save()
    assert page(client, ARTICLE).findtext(".//h1") == "Cash seized"


def test_the_database_decides_publication_even_when_writes_bypass_signals(client, fragment_cache, news):
    page(client, ARTICLE)
    Article.objects.filter(pk=news["main"].pk).update(status=Article.Status.DRAFT)
    assert client.get(ARTICLE).status_code == 404


def test_retagging_refreshes_the_topics_and_the_related_articles(client, fragment_cache, news):
    assert text(page(client, ARTICLE).xpath("//aside[@class='related']//a")) == ["Earlier story"]
    fresh = builders.tag(name="Border", slug="border")
    news["main"].tags.set([fresh])
    doc = page(client, ARTICLE)
    assert text(doc.xpath("//a[@rel='tag']")) == ["Border"]
    assert not doc.xpath("//aside[@class='related']")


def test_a_newly_published_article_of_the_tag_joins_the_related(client, fragment_cache, news):
    page(client, ARTICLE)
    builders.article(slug="newer", headline="Newest on water", tags=[news["tag"]])
    assert "Newest on water" in text(page(client, ARTICLE).xpath("//aside[@class='related']//a"))


def test_a_scheduled_article_joins_the_related_when_its_time_comes(client, fragment_cache, news):
    when = timezone.now() + datetime.timedelta(hours=2)
    builders.article(slug="later", headline="Scheduled on water", tags=[news["tag"]], published_at=when)
    assert "Scheduled on water" not in text(page(client, ARTICLE).xpath("//aside[@class='related']//a"))
    with time_machine.travel(when + datetime.timedelta(seconds=1)):
        assert "Scheduled on water" in text(page(client, ARTICLE).xpath("//aside[@class='related']//a"))


def test_editing_a_related_article_refreshes_the_list(client, fragment_cache, news):
    page(client, ARTICLE)
    other = news["other"]
    other.headline = "Earlier story, corrected"
    other.save()
    assert text(page(client, ARTICLE).xpath("//aside[@class='related']//a")) == ["Earlier story, corrected"]


@pytest.mark.parametrize("kind", ["tag", "author", "section"])
def test_renaming_a_tag_author_or_section_refreshes_every_part_that_names_it(client, fragment_cache, news,
                                                                             kind):
    page(client, ARTICLE), page(client, "/en/tag/water/")
    thing = news[kind]
    thing.name = f"Renamed {kind}"
    thing.save()
    doc = page(client, ARTICLE)
    shown = {"tag": "//a[@rel='tag']", "author": "//a[@rel='author']", "section": "//p[@class='kicker']/a"}
    assert text(doc.xpath(shown[kind])) == [f"Renamed {kind}"]
    if kind == "section":
        assert "Renamed section" in text(doc.xpath("//nav[@class='sections']//a"))
        assert "Renamed section" in text(page(client, "/en/tag/water/").xpath("//p[@class='card-meta']/a"))
    if kind == "tag":
        assert page(client, "/en/tag/water/").findtext(".//h1") == "Renamed tag"
        assert f"Renamed {kind}" in doc.xpath("//script[@type='application/ld+json']/text()")[0]


def test_publishing_a_translation_refreshes_the_edition_links(client, fragment_cache, news):
    news["ru"].delete()
    assert not page(client, ARTICLE).xpath("//p[@class='translations']")
    ru = builders.article(edition="ru", slug="izyato-2", headline="Изъяты деньги",
                          translation_key=news["main"].translation_key)
    doc = page(client, ARTICLE)
    assert doc.xpath("//nav[@aria-label='Editions']//a[@hreflang='ru']/@href") == [ru.get_absolute_url()]
    assert doc.xpath("//link[@rel='alternate'][@hreflang='ru']/@href")[0].endswith(ru.get_absolute_url())


def test_a_scheduled_translation_appears_when_its_time_comes(client, fragment_cache, news):
    news["ru"].delete()
    when = timezone.now() + datetime.timedelta(hours=3)
    builders.article(edition="ru", slug="pozzhe", headline="Позже", published_at=when,
                     translation_key=news["main"].translation_key)
    assert not page(client, ARTICLE).xpath("//p[@class='translations']")
    with time_machine.travel(when + datetime.timedelta(seconds=1)):
        assert text(page(client, ARTICLE).xpath("//p[@class='translations']/a")) == ["Позже"]


def usd_notes(doc) -> list[str]:
    return text(doc.xpath("//div[@class='article-body']//span[@class='money-usd']"))


def test_a_new_quote_for_the_publication_day_refreshes_the_amounts(client, fragment_cache, news):
    assert usd_notes(page(client, ARTICLE)) == []
    store("nbt", [ParsedQuote("TJS", DAY - datetime.timedelta(days=1), Decimal("10.9"))])
    assert usd_notes(page(client, ARTICLE))[0].startswith("(≈ US$13,761")  # 150,000 / 10.9
    store("nbt", [ParsedQuote("TJS", DAY, Decimal("10"))])  # the day's own quote wins
    assert usd_notes(page(client, ARTICLE))[0].startswith("(≈ US$15,000")


def test_a_quote_for_another_month_leaves_the_body_cached(client, fragment_cache, news):
    page(client, ARTICLE)
    Quote.objects.create(currency="TJS", date=DAY + datetime.timedelta(days=40), source="nbt",
                         units_per_usd=Decimal("11"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(ARTICLE)
    # The ticker reads the latest quotes again; the article's parts are not rendered again.
    assert len([q for q in ctx.captured_queries if "publishing_article" in q["sql"]]) == 1
    assert len(ctx.captured_queries) == 2
    Quote.objects.create(currency="TJS", date=DAY - datetime.timedelta(days=3), source="nbt",
                         units_per_usd=Decimal("10"))
    assert usd_notes(page(client, ARTICLE))[0].startswith("(≈ US$15,000")


def ticker(doc) -> list[str]:
    return doc.xpath("//section[@class='rates-ticker']//data/@value")


def test_the_ticker_refreshes_on_a_new_quote_and_marks_staleness_by_the_day(client, fragment_cache, news):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    builders.quote(currency="KGS", source="nbkr", day=yesterday, units_per_usd="87.45")
    before = ticker(page(client, ARTICLE))
    store("nbkr", [ParsedQuote("KGS", today, Decimal("80"))])
    after = ticker(page(client, ARTICLE))
    assert before != after and after == ["0.012500"]  # 1 / 80
    assert not page(client, ARTICLE).xpath("//li[contains(@class, 'is-stale')]")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6)):
        assert page(client, ARTICLE).xpath("//li[contains(@class, 'is-stale')]")


def test_parts_are_not_shared_between_editions(client, fragment_cache, news):
    en, ru = page(client, "/en/tag/water/"), page(client, "/ru/tag/water/")
    assert en.findtext(".//h1") == "Water dispute" and ru.findtext(".//h1") == "Водный спор"
    assert "Economy" in text(en.xpath("//nav[@class='sections']//a"))
    assert "Экономика" in text(ru.xpath("//nav[@class='sections']//a"))
    assert text(ru.xpath("//h3")) == ["Изъяты деньги"] and "Изъяты деньги" not in text(en.xpath("//h3"))
    assert page(client, "/ru/articles/izyato/").xpath("//p[@class='kicker']/a/text()") == ["Экономика"]
    locale = "//meta[@property='og:locale']/@content"
    assert en.xpath(locale) != ru.xpath(locale)


def test_cached_listing_pages_run_one_query_however_many_cards(client, fragment_cache, news, settings):
    page(client, "/en/tag/water/")
    assert queries(client, "/en/tag/water/") == 1  # the page of ids from the listing index
    for n in range(6):
        builders.article(slug=f"more-{n}", tags=[news["tag"]])
    page(client, "/en/tag/water/")
    assert queries(client, "/en/tag/water/") == 1
    assert len(page(client, "/en/tag/water/").xpath("//article[contains(@class, 'card')]")) == 8


LISTINGS = ["/en/tag/water/", "/en/section/economy/", "/en/author/aida/", "/en/archive/2026/",
            "/en/archive/2026/3/", "/ru/tag/water/", "/en/tag/water/?page=2"]


@pytest.mark.parametrize("url", LISTINGS)
def test_a_cached_listing_matches_a_fresh_render(client, fragment_cache, news, settings, url):
    settings.DASTAN_PAGE_SIZE = 1  # so that the tag has a page 2 and every page a pager
    fresh = client.get(url).content
    assert client.get(url).content == fresh
    settings.DASTAN_FRAGMENT_CACHE = False
    assert client.get(url).content == fresh


@pytest.mark.parametrize(("kind", "field", "url"), [("tag", "description", "/en/tag/water/"),
                                                    ("author", "bio", "/en/author/aida/")])
def test_a_new_description_refreshes_the_listing_heading(client, fragment_cache, news, kind, field, url):
    page(client, url)
    setattr(news[kind], field, "Now with a description.")
    news[kind].save()
    assert text(page(client, url).xpath("//p[@class='description']")) == ["Now with a description."]


def test_a_scheduled_article_joins_the_listing_and_its_count_in_time(client, fragment_cache, news):
    when = timezone.now() + datetime.timedelta(hours=2)
    builders.article(slug="later", headline="Scheduled on water", tags=[news["tag"]], published_at=when)
    doc = page(client, "/en/tag/water/")
    assert "Scheduled on water" not in text(doc.xpath("//h3"))
    assert text(doc.xpath("//p[@class='results-line']")) == ["Viewing results 1 - 2 of 2"]
    with time_machine.travel(when + datetime.timedelta(seconds=1)):
        doc = page(client, "/en/tag/water/")
        assert text(doc.xpath("//h3"))[0] == "Scheduled on water"
        assert text(doc.xpath("//p[@class='results-line']")) == ["Viewing results 1 - 3 of 3"]


def test_unpublishing_an_article_on_a_later_page_corrects_the_count_on_the_first(client, fragment_cache,
                                                                                news, settings):
    settings.DASTAN_PAGE_SIZE = 1
    doc = page(client, "/en/tag/water/")
    assert text(doc.xpath("//p[@class='results-line']")) == ["Viewing results 1 - 1 of 2"]
    news["other"].status = Article.Status.DRAFT
    news["other"].save()
    doc = page(client, "/en/tag/water/")
    assert text(doc.xpath("//h3")) == ["Cash seized"]
    assert text(doc.xpath("//p[@class='results-line']")) == ["Viewing results 1 - 1 of 1"]
    assert not doc.xpath("//nav[@class='pager']")


def test_empty_listings_keep_their_own_headings(client, fragment_cache, news):
    """Two empty archives list the same (no) articles: the cached list must not be shared."""
    assert page(client, "/en/archive/2019/").findtext(".//h1") == "Archive: 2019"
    assert page(client, "/en/archive/2018/").findtext(".//h1") == "Archive: 2018"
    builders.tag(name="Quiet", slug="quiet"), builders.tag(name="Silent", slug="silent")
    assert page(client, "/en/tag/quiet/").findtext(".//h1") == "Quiet"
    assert page(client, "/en/tag/silent/").findtext(".//h1") == "Silent"


def test_a_part_rendered_across_a_purge_is_not_stored(client, settings, monkeypatch, news):
    settings.DASTAN_FRAGMENT_CACHE = True
    # As if every read of these requests might predate the purges the news just made.
    monkeypatch.setattr(keys, "CLOCK_MARGIN_SECONDS", 3600.0)
    client.get(ARTICLE)  # fills per-process caches (navigation, latest quotes, counts)
    full = queries(client, ARTICLE)
    assert full > 1 and queries(client, ARTICLE) == full


def test_turned_off_every_part_is_rendered_and_nothing_is_stored(client, settings, monkeypatch, news):
    monkeypatch.setattr(keys, "CLOCK_MARGIN_SECONDS", 0.0)
    settings.DASTAN_FRAGMENT_CACHE = False
    client.get(ARTICLE)  # fills per-process caches (navigation, latest quotes, counts)
    full = queries(client, ARTICLE)
    assert full > 1 and queries(client, ARTICLE) == full
    settings.DASTAN_FRAGMENT_CACHE = True
    assert queries(client, ARTICLE) > 1  # nothing was stored while off
    assert queries(client, ARTICLE) == 1


def test_previews_neither_read_nor_store_parts(client, admin_client, fragment_cache, news):
    main = news["main"]
    preview = f"/en/preview/{main.pk}/"
    admin_client.get(preview)
    assert queries(client, ARTICLE) > 1  # the reader's first request renders its own parts
    assert queries(client, ARTICLE) == 1
    assert "Preview" in admin_client.get(preview).content.decode()


def test_fragment_names_carry_the_language(rf):
    from django.utils import translation

    with translation.override("en"):
        en = fragments.name("card", 1, "-")
    with translation.override("ru"):
        ru = fragments.name("card", 1, "-")
    assert en != ru and fragments.cache_key(en) != fragments.cache_key(ru)
    assert cache.get(fragments.cache_key(en)) is None
