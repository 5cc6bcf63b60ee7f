import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from lxml import html

from dastan.stories.templatetags import stories as stories_tags
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


def test_without_the_rates_app_amounts_are_marked_and_not_converted(client, article):
    body = body_of(client)
    assert body.xpath(".//data/@value") == ["150000 TJS", "2000 KGS"]
    assert not body.xpath(".//span[@class='money-usd']")
    assert body.text_content() == "Officers seized 150,000 somoni (about $14,500) and 2 000 сомов."


def test_with_rates_each_amount_shows_dollars_at_the_publication_days_rate(client, article, monkeypatch):
    asked = []

    def usd_value(amount: Decimal, currency: str, day: datetime.date):
        asked.append((currency, day))
        rate = {"TJS": Decimal("10.9"), "KGS": Decimal("87.45")}[currency]
        return amount / rate, SimpleNamespace(date=day - datetime.timedelta(days=1), units_per_usd=rate)

    monkeypatch.setattr(stories_tags, "rates_lookup", lambda: usd_value)
    body = body_of(client)
    notes = [span.get("title") for span in body.xpath(".//span[@class='money-usd']")]
    assert len(notes) == 2 and all("March 9, 2026" in n for n in notes)
    assert "(about $14,500)" in body.text_content()
    assert asked == [("TJS", datetime.date(2026, 3, 10)), ("KGS", datetime.date(2026, 3, 10))]


def test_the_rate_day_is_the_local_publication_day(client, settings, monkeypatch):
    settings.TIME_ZONE = "Asia/Bishkek"
    late = datetime.datetime(2026, 3, 9, 22, tzinfo=datetime.UTC)  # already 10 March in Bishkek
    builders.article(slug="seized", body=BODY, published_at=late)
    asked = []
    monkeypatch.setattr(stories_tags, "rates_lookup", lambda: lambda a, c, d: asked.append(d))
    body_of(client)
    assert set(asked) == {datetime.date(2026, 3, 10)}
