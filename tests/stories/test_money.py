import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from lxml import html

from dastan.stories.money import find_amounts, parse_number
from dastan.stories.money_html import money_in_context


@pytest.mark.parametrize("text, language, currency, value", [
    ("150,000 somoni", "en", "TJS", "150000"),
    ("TJS 1.5 million", "en", "TJS", "1500000"),
    ("12 млн сумов", "ru", "UZS", "12000000"),
    ("500 manat", "en", "TMT", "500"),
    ("3,000 tenge", "en", "KZT", "3000"),
    ("50,000 soms", "en", "KGS", "50000"),
    ("50,000 Kyrgyz soms", "en", "KGS", "50000"),
    ("KGS 2.4 billion", "en", "KGS", "2400000000"),
    ("KZT 25bn", "en", "KZT", "25000000000"),
    ("10 million UZS", "en", "UZS", "10000000"),
    ("7,000 so‘m", "en", "UZS", "7000"),
    ("1,5 млрд тенге", "ru", "KZT", "1500000000"),
    ("150 тыс. сомони", "ru", "TJS", "150000"),
    ("2 000 сомов", "ru", "KGS", "2000"),
    ("2\u00a0000 сомов", "ru", "KGS", "2000"),
    ("19,5 маната", "ru", "TMT", "19.5"),
    ("1,2 трлн сумов", "ru", "UZS", "1200000000000"),
    ("3 млн тенге", "ru", "KZT", "3000000"),
    ("about $14,500", "en", "USD", "14500"),
    ("US$2 million", "en", "USD", "2000000"),
    ("8,7 тыс. долларов", "ru", "USD", "8700"),
    ("14 500 $", "ru", "USD", "14500"),
    ("₸5,000", "en", "KZT", "5000"),
    ("5 000 ₸", "ru", "KZT", "5000"),
    ("5 млрд сўм", "ru", "UZS", "5000000000"),
    ("a 50,000-som fine", "en", "KGS", "50000"),
    ("a 3-million-tenge bail", "en", "KZT", "3000000"),
])
def test_every_form_is_recognised(text, language, currency, value):
    [amount] = find_amounts(text, language=language)
    assert (amount.currency, amount.value) == (currency, Decimal(value))
    assert amount.text in text


def test_english_and_russian_read_a_comma_before_three_digits_differently_with_a_multiplier():
    assert find_amounts("1,500 million tenge", language="en")[0].value == Decimal("1500000000")
    assert find_amounts("1,500 млн тенге", language="ru")[0].value == Decimal("1500000")


@pytest.mark.parametrize("text, value", [
    ("150,000", "150000"), ("1,5", "1.5"), ("1.5", "1.5"), ("2 000", "2000"), ("1,234,567", "1234567"),
    ("1.234.567,50", "1234567.50"),
])
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", [
    "In 2019 he was fined.", "the sum was large", "Article 307", "some soms", "сумма в 500", "5 000 человек",
])
def test_no_amount_where_there_is_none(text):
    assert find_amounts(text, language="ru" if "сум" in text or "чел" in text else "en") == []


RATES = {"TJS": Decimal("10.9"), "KGS": Decimal("87.45")}
RATE_DAY = datetime.date(2026, 3, 9)


def table_lookup(amount: Decimal, currency: str, day: datetime.date):
    """A two-row rates table standing in for the rates app: the quote of the day before DAY."""
    if currency not in RATES:
        return None
    quote = SimpleNamespace(date=RATE_DAY, units_per_usd=RATES[currency],
                            usd_per_unit=Decimal(1) / RATES[currency])
    return amount / RATES[currency], quote


def render(body: str, lookup=table_lookup, language="en"):
    out = money_in_context(body, day=datetime.date(2026, 3, 10), language=language, lookup=lookup)
    return html.fragment_fromstring(f"<div>{out}</div>"), str(out)


def test_each_amount_shows_its_dollar_value_and_the_rate_date_on_focus():
    tree, _raw = render("<p>They seized 150,000 somoni (about $14,500) and 50,000 soms.</p>")
    data = tree.xpath("//data")
    assert [(d.get("value"), d.text) for d in data] == [("150000 TJS", "150,000 somoni"),
                                                        ("50000 KGS", "50,000 soms")]
    usd = tree.xpath("//span[@class='money-usd']")
    assert len(usd) == 2
    assert [u.get("tabindex") for u in usd] == ["0", "0"]
    assert "US$13,761" in usd[0].text_content()
    assert "March 9, 2026" in usd[0].get("title")  # the rate's date, on hover
    assert "March 9, 2026" in usd[0].xpath(".//span[@class='money-note']")[0].text_content()  # and on focus
    assert "US$572" in usd[1].text_content()
    assert not tree.xpath("//@style") and not tree.xpath("//script")


def test_the_articles_own_dollar_figure_stays_next_to_ours():
    tree, _raw = render("<p>They seized 150,000 somoni (about $14,500) in cash.</p>")
    text = tree.text_content()
    assert "(about $14,500) in cash." in text
    assert text.index("150,000 somoni") < text.index("US$13,761") < text.index("(about $14,500)")
    assert not any("14500" in (d.get("value") or "") for d in tree.xpath("//data"))


def test_without_rates_amounts_are_marked_but_nothing_is_converted():
    tree, _raw = render("<p>A fine of 3,000 tenge.</p>", lookup=None)
    assert [d.get("value") for d in tree.xpath("//data")] == ["3000 KZT"]
    assert tree.xpath("//span[@class='money-usd']") == []
    assert tree.text_content() == "A fine of 3,000 tenge."


def test_a_currency_the_rates_do_not_know_is_left_unconverted():
    tree, _raw = render("<p>Bread costs 10 manat.</p>")
    assert tree.xpath("//data/@value") == ["10 TMT"] and not tree.xpath("//span[@class='money-usd']")


def test_links_attributes_and_code_are_left_alone():
    body = ('<p><a href="/x/" title="500 soms">a loan of 500 soms</a> and <code>700 soms</code> '
            "and 900 soms &amp; more</p>")
    tree, _raw = render(body)
    assert tree.xpath("//a")[0].get("title") == "500 soms"
    assert tree.xpath("//a")[0].text == "a loan of 500 soms"
    assert tree.xpath("//code")[0].text == "700 soms"
    assert tree.xpath("//data/@value") == ["900 KGS"]
    assert "& more" in tree.text_content()


def test_text_is_escaped_again_after_reading_it():
    _tree, raw = render("<p>5 &lt;b&gt; 900 soms</p>")
    assert "&lt;b&gt;" in raw and "<b>" not in raw


def test_the_note_speaks_the_articles_language():
    tree, _raw = render("<p>Изъяли 150 тыс. сомони.</p>", language="ru")
    usd = tree.xpath("//span[@class='money-usd']")[0]
    assert usd.get("title") == "официальный курс на 9 марта 2026 г.: 1 US$ = 10,9 TJS"
    assert "US$13\u00a0761" in usd.text_content()
