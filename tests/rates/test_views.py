"""The ticker on every page, the rates page (table, SVG charts, converter), JSON and CSV."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree, html

from dastan.rates.models import Quote, Source, days_between
from dastan.rates.services import forget_latest

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)
NOON = datetime.datetime(2026, 11, 25, 7, tzinfo=datetime.UTC)  # noon in Tashkent
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOON, tick=False):
        yield


def add(currency, day, units, source=Source.NBKR, **kw):
    return Quote.objects.create(currency=currency, date=day, units_per_usd=Decimal(units), source=source,
                                **kw)


@pytest.fixture
def rates(db):
    """Yesterday's and today's quotes for all five, as recorded: KGS up, KZT down, TMT flat."""
    yesterday = TODAY - datetime.timedelta(days=1)
    for currency, before, now, source in [
        ("KGS", "88.00", "87.45", Source.NBKR), ("KZT", "508.42", "510.27", Source.NBK),
        ("TJS", "10.3198", "10.3125", Source.NBT), ("UZS", "12497.97", "12485.37", Source.CBU),
        ("TMT", "3.5", "3.5", Source.CBT),
    ]:
        add(currency, yesterday, before, source)
        add(currency, TODAY, now, source)


def doc(response):
    assert response.status_code == 200
    return html.fromstring(response.content)


def text(node) -> str:
    return " ".join(node.text_content().split())


def ticker_items(page) -> dict[str, str]:
    return {li.get("data-currency"): text(li) for li in page.xpath("//section[@class='rates-ticker']//li")}


# Ticker -------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/en/", "/en/rates/", "/ru/", "/en/no-such-page/"])
def test_ticker_is_in_the_header_exactly_once(client, rates, url):
    page = html.fromstring(client.get(url).content)
    assert len(page.xpath("//section[contains(@class, 'rates-ticker')]")) == 1
    assert len(page.xpath("//header//section[@class='rates-ticker']")) == 1


def test_ticker_shows_four_significant_digits_signed_change_arrow_and_date(client, rates):
    items = ticker_items(doc(client.get("/en/")))
    assert list(items) == ["KGS", "KZT", "TJS", "UZS", "TMT"]
    assert items["KGS"].startswith("KGS/USD = 0.011435 ▲ up +0.63%")
    assert items["KZT"].startswith("KZT/USD = 0.001960 ▼ down −0.36%")
    assert items["UZS"].startswith("UZS/USD = 0.00008009 ▲ up +0.10%")
    assert items["TMT"].startswith("TMT/USD = 0.285714 ▬ unchanged 0.00%")
    assert "0.00008 " not in items["UZS"]
    page = doc(client.get("/en/"))
    assert page.xpath("//li[@data-currency='KGS']/time/@datetime") == ["2026-11-25"]
    # The arrow is decoration for sighted readers; the word says it to screen readers.
    assert page.xpath("//li[@data-currency='KGS']//span[@aria-hidden='true']/text()") == ["▲"]


def test_ticker_marks_quotes_older_than_three_days_as_stale(client, rates):
    Quote.objects.filter(currency__in=["UZS", "TJS"]).delete()
    add("UZS", TODAY - datetime.timedelta(days=4), "12485.37", Source.CBU)
    add("TJS", TODAY - datetime.timedelta(days=3), "10.3125", Source.NBT)
    forget_latest()
    page = doc(client.get("/en/"))
    assert page.xpath("//li[contains(@class, 'is-stale')]/@data-currency") == ["UZS"]
    assert "(stale)" in ticker_items(page)["UZS"]
    assert "stale" not in ticker_items(page)["TJS"]


def test_ticker_says_once_when_it_shows_demo_data(client):
    Quote.objects.create(currency="KGS", date=TODAY, units_per_usd=Decimal("87.45"), source=Source.DEMO,
                         is_demo=True)
    page = doc(client.get("/en/"))
    assert page.xpath("//section[@class='rates-ticker']/p[@class='demo']/text()") == [
        "Demo data, not official rates."]
    assert doc(client.get("/ru/")).xpath("//section[@class='rates-ticker']/p[@class='demo']/text()") == [
        "Демонстрационные данные, а не официальные курсы."]


def test_ticker_is_absent_without_quotes_and_the_page_still_works(client):
    page = doc(client.get("/en/"))
    assert page.xpath("//section[@class='rates-ticker']") == []


def test_ticker_costs_one_query_on_a_cold_cache_and_none_when_cached(client, rates):
    def rate_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/en/").status_code == 200
        return [q["sql"] for q in ctx.captured_queries if "rates_quote" in q["sql"]]

    forget_latest()
    assert len(rate_queries()) == 1
    assert rate_queries() == []


def test_rates_pages_have_no_inline_style_or_script(client, rates):
    for url in ("/en/", "/en/rates/?amount=5&from_currency=KGS&to_currency=USD"):
        page = doc(client.get(url))
        assert page.xpath("//*[@style]") == []
        # JSON-LD blocks are data, never run, and the site's own JS is a file: no inline code.
        assert page.xpath("//script[not(@src) and not(@type='application/ld+json')]") == []
        assert page.xpath("//link[@rel='stylesheet']/@href").count("/static/rates/rates.css") >= 1


# Rates page ---------------------------------------------------------------------------------

def test_rates_table_shows_both_directions(client, rates):
    page = doc(client.get("/en/rates/"))
    row = page.xpath("//table[@class='rates-table']//tr[@data-currency='KGS']")[0]
    assert text(row.xpath("td[@class='units-per-usd']")[0]) == "1 USD = 87.45 KGS"
    assert text(row.xpath("td[@class='usd-per-unit']")[0]) == "1 KGS = 0.011435 USD"
    uzs = page.xpath("//tr[@data-currency='UZS']/td[@class='usd-per-unit']")[0]
    assert text(uzs) == "1 UZS = 0.00008009 USD"


def test_rates_page_is_translated_into_russian(client, rates):
    page = doc(client.get("/ru/rates/"))
    assert page.findtext(".//h1") == "Официальные курсы валют"
    assert "Конвертер" in text(page)
    assert "▲ рост +0.63%" in ticker_items(page)["KGS"]


def _points(svg) -> list[tuple[float, float]]:
    (line,) = svg.xpath(".//*[local-name()='polyline']")
    return [tuple(map(float, p.split(","))) for p in line.get("points").split()]


@pytest.fixture
def year_of_kgs(db):
    """A year of weekday KGS quotes rising from 80 to about 90 som per dollar."""
    start = TODAY - datetime.timedelta(days=400)
    days = [d for d in days_between(start, TODAY) if d.weekday() < 5]
    Quote.objects.bulk_create(
        Quote(currency="KGS", date=d, source="nbkr", units_per_usd=Decimal("80") + Decimal(i) / 30)
        for i, d in enumerate(days))
    return days


def test_chart_svg_parses_back_with_one_point_per_quoted_day(client, year_of_kgs):
    response = client.get("/en/rates/KGS/chart.svg?period=30d")
    assert response["Content-Type"] == "image/svg+xml"
    svg = etree.fromstring(response.content)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    shown = [d for d in year_of_kgs if d >= TODAY - datetime.timedelta(days=30)]
    points = _points(svg)
    assert len(points) == len(shown)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert xs == sorted(xs) and ys == sorted(ys, reverse=True)  # later is right; a rising rate goes up
    assert svg.findtext(f"{SVG}title") == "KGS per US dollar"
    desc = svg.findtext(f"{SVG}desc")
    assert f"on {shown[0]:%Y-%m-%d}" in desc and f"on {TODAY:%Y-%m-%d}" in desc


@pytest.mark.parametrize(("period", "start"), [("1y", 365), ("all", 400)])
def test_longer_periods_cover_more_days(client, year_of_kgs, period, start):
    svg = etree.fromstring(client.get(f"/en/rates/KGS/chart.svg?period={period}").content)
    first = [d for d in year_of_kgs if d >= TODAY - datetime.timedelta(days=start)][0]
    assert f"on {first:%Y-%m-%d}" in svg.findtext(f"{SVG}desc")
    assert 200 < len(_points(svg)) <= 240


def test_rates_page_draws_a_chart_per_currency_and_says_when_there_is_no_data(client, year_of_kgs):
    page = doc(client.get("/en/rates/?period=30d"))
    figures = page.xpath("//figure[@class='rates-chart']")
    assert [f.get("data-currency") for f in figures] == ["KGS", "KZT", "TJS", "UZS", "TMT"]
    assert len(figures[0].xpath(".//polyline")) == 1
    assert figures[1].xpath(".//polyline") == []
    assert "No official rates in this period." in text(figures[1])
    assert page.xpath("//nav[@class='rates-periods']//span[@aria-current='page']/text()") == ["30 days"]


def test_unknown_period_falls_back_to_the_default(client, rates):
    page = doc(client.get("/en/rates/?period=forever"))
    assert page.xpath("//nav[@class='rates-periods']//span[@aria-current='page']/text()") == ["1 year"]
    assert client.get("/en/rates/KGS/chart.svg?period=forever").status_code == 400
    assert client.get("/en/rates/EUR/chart.svg").status_code == 404


def test_rates_page_runs_a_fixed_number_of_queries(client, rates):
    """More history and a conversion must not add queries (charts read one query for all)."""
    url = "/en/rates/?period=all&amount=100&from_currency=KGS&to_currency=UZS"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(2, 40):
        for currency in ("KGS", "UZS", "KZT"):
            add(currency, TODAY - datetime.timedelta(days=i), "100" if currency == "KGS" else "12000")
    assert count() == before


# Converter ----------------------------------------------------------------------------------

def convert(client, **params):
    page = doc(client.get("/en/rates/", params))
    result = page.xpath("//div[@class='conversion']")
    errors = [text(e) for e in page.xpath("//section[@id='converter']//*[@class='error']")]
    return (text(result[0]) if result else None), errors


def test_converter_gives_the_result_with_the_rate_and_date_used(client, rates):
    result, errors = convert(client, amount="1000", from_currency="KGS", to_currency="USD")
    assert errors == []
    assert "1 000.00 KGS = 11.44 USD" in result  # grouped by a narrow no-break space
    assert "Rate used: 1 KGS = 0.011435 USD." in result
    assert "1 USD = 87.45 KGS, official rate of Nov. 25, 2026" in result


def test_converter_crosses_two_currencies_through_the_dollar(client, rates):
    result, _errors = convert(client, amount="100", from_currency="KZT", to_currency="KGS", date="2026-11-25")
    # 100 KZT = 100 / 510.27 USD = 0.195975 USD = 17.14 KGS at 87.45.
    assert "100.00 KZT = 17.14 KGS" in result


def test_converter_uses_the_nearest_earlier_quoted_day(client, rates):
    Quote.objects.filter(currency="KGS", date=TODAY).delete()
    result, _errors = convert(client, amount="88", from_currency="KGS", to_currency="USD", date="2026-11-25")
    assert "88.00 KGS = 1.00 USD" in result
    assert "Nov. 24, 2026" in result and "the nearest earlier quoted day" in result


@pytest.mark.parametrize(("params", "message"), [
    ({"amount": "ten"}, "Enter the amount as a number, such as 1000 or 12.50."),
    ({"amount": ""}, "Enter the amount as a number, such as 1000 or 12.50."),
    ({"amount": "NaN"}, "Enter the amount as a number, such as 1000 or 12.50."),
    ({"amount": "-5"}, "Enter an amount of zero or more."),
    ({"amount": "1e30"}, "Enter an amount no larger than 1,000,000,000,000."),
    ({"amount": "99999999999999999999999"}, "Enter an amount no larger than 1,000,000,000,000."),
    ({"amount": "1000000000001"}, "Enter an amount no larger than 1,000,000,000,000."),
    ({"from_currency": "EUR"}, "Choose one of USD, KGS, KZT, TJS, UZS or TMT."),
    ({"to_currency": "<script>"}, "Choose one of USD, KGS, KZT, TJS, UZS or TMT."),
    ({"date": "25/11/2026"}, "Enter the date as YYYY-MM-DD."),
    ({"date": "2026-02-30"}, "Enter the date as YYYY-MM-DD."),
    ({"date": "2026-12-01"}, "Choose today or an earlier day: rates of future days are not published yet."),
    ({"date": "2020-01-01"}, "There is no official KGS rate on or before 2020-01-01."),
])
def test_bad_converter_input_gets_a_message_on_the_page(client, rates, params, message):
    query = {"amount": "100", "from_currency": "KGS", "to_currency": "USD", **params}
    result, errors = convert(client, **query)
    assert result is None
    assert errors == [message]
    page = doc(client.get("/en/rates/", query))
    (invalid,) = page.xpath("//section[@id='converter']//*[@aria-invalid='true']")
    assert page.xpath(f"//*[@id='{invalid.get('aria-describedby')}']/text()") == [message]


# JSON and CSV -------------------------------------------------------------------------------

def test_latest_json(client, rates):
    response = client.get("/en/rates/latest.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    kgs = data["rates"][0]
    assert data["base"] == "USD"
    assert [r["currency"] for r in data["rates"]] == ["KGS", "KZT", "TJS", "UZS", "TMT"]
    assert kgs == {"currency": "KGS", "date": "2026-11-25", "source": "nbkr", "units_per_usd": "87.45",
                   "usd_per_unit": "0.011435", "is_demo": False, "change_percent": "0.6289",
                   "previous_date": "2026-11-24", "stale": False}


def test_history_json_between_two_dates(client, rates):
    data = json.loads(client.get("/en/rates/UZS/history.json?from=2026-11-25&to=2026-11-25").content)
    assert [(r["date"], r["units_per_usd"], r["usd_per_unit"]) for r in data["rates"]] == [
        ("2026-11-25", "12485.37", "0.00008009")]
    data = json.loads(client.get("/en/rates/UZS/history.json").content)
    assert [r["date"] for r in data["rates"]] == ["2026-11-24", "2026-11-25"]


def test_history_csv_download(client, rates):
    response = client.get("/en/rates/KGS/history.csv?from=2026-11-01&to=2026-11-30")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="KGS-USD.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["date"], r["units_per_usd"], r["usd_per_unit"], r["source"]) for r in rows] == [
        ("2026-11-24", "88.00", "0.011364", "nbkr"), ("2026-11-25", "87.45", "0.011435", "nbkr")]


@pytest.mark.parametrize(("query", "message"), [
    ("from=yesterday", "Parameter 'from' must be a date as YYYY-MM-DD, not 'yesterday'."),
    ("from=20261125", "Parameter 'from' must be a date as YYYY-MM-DD, not '20261125'."),
    ("from=2026-W48-1", "Parameter 'from' must be a date as YYYY-MM-DD, not '2026-W48-1'."),
    ("to=2026-13-01", "Parameter 'to' must be a date as YYYY-MM-DD, not '2026-13-01'."),
    ("from=2026-11-25&to=2026-11-01", "Parameter 'from' (2026-11-25) must not be after 'to' (2026-11-01)."),
    ("from=0001-01-01", "Ask for at most 10980 days at a time."),
])
def test_history_bad_parameters_are_400_with_a_message(client, rates, query, message):
    response = client.get(f"/en/rates/KGS/history.json?{query}")
    assert response.status_code == 400 and json.loads(response.content) == {"error": message}
    response = client.get(f"/en/rates/KGS/history.csv?{query}")
    assert response.status_code == 400 and response.content.decode() == message
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_history_before_any_quote_is_empty_not_an_error(client, rates):
    response = client.get("/en/rates/KGS/history.json?to=0001-01-01")
    assert response.status_code == 200 and json.loads(response.content)["rates"] == []


def test_history_of_an_unknown_currency_is_404(client, rates):
    response = client.get("/en/rates/EUR/history.json")
    assert response.status_code == 404 and "Unknown currency 'EUR'" in json.loads(response.content)["error"]
    assert client.get("/en/rates/EUR/history.csv").status_code == 404
    assert client.get("/en/rates/kgs/history.json").status_code == 404
