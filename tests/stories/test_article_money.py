import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from tests import builders

pytestmark = pytest.mark.django_db

BODY = "<p>Officers seized 150,000 somoni (about $14,500) and 2 000 сомов.</p>"


@pytest.fixture
def article(db):
    published = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
    return builders.article(slug="seized", body=BODY, published_at=published)


def body_of(client) -> html.HtmlElement:
    page = html.fromstring(client.get("/en/articles/seized/").content.decode())
    return page.xpath("//div[@class='article-body']")[0]


def test_the_lead_is_escaped_and_its_amounts_marked_too(client):
    builders.article(slug="seized", lead="A <b>fine</b> of 3 million tenge & costs", body="<p>x</p>")
    page = html.fromstring(client.get("/en/articles/seized/").content.decode())
    standfirst = page.xpath("//p[@class='standfirst']")[0]
    assert standfirst.text_content() == "A <b>fine</b> of 3 million tenge & costs"
    assert standfirst.xpath(".//data/@value") == ["3000000 KZT"] and not standfirst.xpath(".//b")


def test_without_a_rate_amounts_are_marked_and_not_converted(client, article):
    body = body_of(client)
    assert body.xpath(".//data/@value") == ["150000 TJS", "2000 KGS"]
    assert not body.xpath(".//span[@class='money-usd']")
    assert body.text_content() == "Officers seized 150,000 somoni (about $14,500) and 2 000 сомов."


def test_each_amount_shows_dollars_at_the_official_rate_of_the_publication_day(client, article):
    builders.quote(currency="TJS", source="nbt", day=datetime.date(2026, 3, 9), units_per_usd="10.9")
    builders.quote(currency="TJS", source="nbt", day=datetime.date(2026, 3, 11), units_per_usd="11.5")
    builders.quote(currency="KGS", source="nbkr", day=datetime.date(2026, 3, 10), units_per_usd="87.45")
    body = body_of(client)
    usd = [" ".join(span.text_content().split()) for span in body.xpath(".//span[@class='money-usd']")]
    # 150,000 / 10.9 = 13,761.47 (the quote of 9 March, the nearest earlier day); 2,000 / 87.45 = 22.87.
    assert usd[0].startswith("(≈ US$13,761") and usd[1].startswith("(≈ US$22.87")
    notes = [span.get("title") for span in body.xpath(".//span[@class='money-usd']")]
    assert "March 9, 2026" in notes[0] and "March 10, 2026" in notes[1]
    assert "(about $14,500)" in body.text_content()  # the article's own dollar figure stays


def test_the_rate_day_is_the_local_publication_day(client, settings):
    settings.TIME_ZONE = "Asia/Bishkek"
    late = datetime.datetime(2026, 3, 9, 22, tzinfo=datetime.UTC)  # already 10 March in Bishkek
    builders.article(slug="seized", body=BODY, published_at=late)
    builders.quote(currency="TJS", source="nbt", day=datetime.date(2026, 3, 9), units_per_usd="10.9")
    builders.quote(currency="TJS", source="nbt", day=datetime.date(2026, 3, 10), units_per_usd="11.0")
    notes = [span.get("title") for span in body_of(client).xpath(".//span[@class='money-usd']")]
    assert notes and "March 10, 2026" in notes[0]


def test_amounts_in_every_currency_cost_one_query(client):
    """However many currencies an article mentions, their rates are read in one query."""
    one = builders.article(slug="one", body="<p>Fine of 100 somoni.</p>")
    builders.article(slug="five", published_at=one.published_at,
                     body="<p>100 somoni, 200 soms, 300 tenge, 400 manat and 5 million sums.</p>")
    # On the day of publication, which in the first hour after local midnight is yesterday.
    day = timezone.localdate(one.published_at)
    for currency, source in [("TJS", "nbt"), ("KGS", "nbkr"), ("KZT", "nbk"), ("TMT", "cbt"), ("UZS", "cbu")]:
        builders.quote(currency=currency, source=source, day=day, units_per_usd="10")
    counts = []
    for slug in ("one", "five"):
        client.get(f"/en/articles/{slug}/")
        with CaptureQueriesContext(connection) as ctx:
            page = html.fromstring(client.get(f"/en/articles/{slug}/").content.decode())
        counts.append(len(ctx.captured_queries))
        assert page.xpath("//span[@class='money-usd']")
    assert counts[0] == counts[1]
