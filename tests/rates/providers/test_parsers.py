"""Every provider's parse() against the recorded payloads, and each bank's quirks.

One contract runs against all five providers; the quirk tests below it are per bank.
"""

import datetime
from decimal import Decimal

import pytest

from dastan.rates.providers.base import NoRates, ParseError, xml_root
from dastan.rates.providers.cbt import CBTProvider
from dastan.rates.providers.cbu import CBUProvider
from dastan.rates.providers.nbk import NBKProvider
from dastan.rates.providers.nbkr import NBKRProvider
from dastan.rates.providers.nbt import NBTProvider
from tests.rates.conftest import payload

D24, D25 = datetime.date(2026, 11, 24), datetime.date(2026, 11, 25)
# provider, recorded file, the bytes of its USD rate in that file, expected quote
CONTRACT = [
    (NBKRProvider, "nbkr_daily.xml", b"87,4500", ("KGS", D25, Decimal("87.45"))),
    (NBKProvider, "nbk_get_rates.xml", b"510.27", ("KZT", D24, Decimal("510.27"))),
    (NBTProvider, "nbt_export_xml.xml", b"10.3125", ("TJS", D24, Decimal("10.3125"))),
    (CBUProvider, "cbu_json_all.json", b"12485.37", ("UZS", D25, Decimal("12485.37"))),
    (CBTProvider, "cbt_kurs.xml", b"<rate_tmt>3.5<", ("TMT", D25, Decimal("3.5"))),
]
ids = [c[0].name for c in CONTRACT]


@pytest.mark.parametrize(("provider", "name", "_value", "expected"), CONTRACT, ids=ids)
def test_recorded_payload_gives_local_units_per_usd(provider, name, _value, expected):
    (quote,) = provider().parse(payload(name))
    assert (quote.currency, quote.date, quote.units_per_usd) == expected
    assert isinstance(quote.units_per_usd, Decimal)


@pytest.mark.parametrize(("provider", "name", "_value", "_expected"), CONTRACT, ids=ids)
@pytest.mark.parametrize("body", [
    b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
    b"  <html><head><title>Captcha</title></head></html>",
    b"",
    b"Service temporarily unavailable",
], ids=["html-error-page", "html-captcha", "empty", "plain-text"])
def test_a_page_that_is_not_rates_is_a_parse_error(provider, name, _value, _expected, body):
    with pytest.raises(ParseError):
        provider().parse(body)


@pytest.mark.parametrize(("provider", "name", "_value", "_expected"), CONTRACT, ids=ids)
def test_truncated_payload_is_a_parse_error(provider, name, _value, _expected):
    body = payload(name)
    with pytest.raises(ParseError):
        provider().parse(body[: len(body) // 2])


@pytest.mark.parametrize(("provider", "name", "_value", "_expected"), CONTRACT, ids=ids)
def test_payload_without_a_usd_row_is_a_parse_error(provider, name, _value, _expected):
    with pytest.raises(ParseError, match="no USD row"):
        provider().parse(payload(name).replace(b"USD", b"XXX"))


@pytest.mark.parametrize(("provider", "name", "value", "_expected"), CONTRACT, ids=ids)
def test_unparsable_rate_is_a_parse_error_naming_it(provider, name, value, _expected):
    broken = value.replace(value.strip(b"<>/rate_tm"), b"n/a")
    assert broken != value
    with pytest.raises(ParseError, match="not a number"):
        provider().parse(payload(name).replace(value, broken, 1))


@pytest.mark.parametrize(("provider", "name", "_value", "_expected"), CONTRACT, ids=ids)
def test_entity_expansion_is_refused(provider, name, _value, _expected):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<r>&b;</r>")
    with pytest.raises(ParseError):
        provider().parse(bomb)


# NBKR ---------------------------------------------------------------------------------------

def test_nbkr_decimal_comma_and_nominal():
    body = payload("nbkr_daily.xml").replace(
        b"<Nominal>1</Nominal>\n<Value>87,4500</Value>", b"<Nominal>10</Nominal>\n<Value>874,5000</Value>")
    assert NBKRProvider().parse(body)[0].units_per_usd == Decimal("87.45")


def test_nbkr_reads_windows_1251_as_declared():
    body = payload("nbkr_daily.xml").replace(
        b'Name="Daily Exchange Rates"', 'Name="Ежедневные курсы"'.encode("cp1251"))
    assert xml_root(body).get("Name") == "Ежедневные курсы"
    assert NBKRProvider().parse(body)[0].units_per_usd == Decimal("87.45")


def test_nbkr_weekly_file_has_no_usd_and_says_so():
    with pytest.raises(ParseError, match="nbkr: no USD row"):
        NBKRProvider().parse(payload("nbkr_weekly.xml"))


def test_nbkr_dates_the_rate_by_its_effective_day_not_today():
    body = payload("nbkr_daily.xml").replace(b'Date="25.11.2026"', b'Date="01.12.2026"')
    assert NBKRProvider().parse(body)[0].date == datetime.date(2026, 12, 1)


def test_nbkr_bad_date_is_a_parse_error():
    body = payload("nbkr_daily.xml").replace(b'Date="25.11.2026"', b'Date="2026/11/25"')
    with pytest.raises(ParseError, match="not a date"):
        NBKRProvider().parse(body)


def test_nbkr_zero_nominal_is_refused():
    body = payload("nbkr_daily.xml").replace(b"<Nominal>1</Nominal>", b"<Nominal>0</Nominal>", 1)
    with pytest.raises(ParseError, match="nominal must be positive"):
        NBKRProvider().parse(body)


# NBK ----------------------------------------------------------------------------------------

def test_nbk_quant_is_the_nominal():
    body = payload("nbk_get_rates.xml").replace(
        b"<description>510.27</description>\n            <quant>1</quant>",
        b"<description>51027</description>\n            <quant>100</quant>")
    assert NBKProvider().parse(body)[0].units_per_usd == Decimal("510.27")


def test_nbk_day_without_rates_is_no_rates_not_an_error():
    with pytest.raises(NoRates, match="информации нет"):
        NBKProvider().parse(payload("nbk_get_rates_nodata.xml"))


def test_nbk_error_element_is_no_rates():
    body = payload("nbk_get_rates_nodata.xml").replace(b"<info>", b"<error>").replace(b"</info>", b"</error>")
    with pytest.raises(NoRates):
        NBKProvider().parse(body)


def test_nbk_rss_root_is_not_the_expected_format():
    with pytest.raises(ParseError, match="expected <rates>"):
        NBKProvider().parse(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>')


# NBT ----------------------------------------------------------------------------------------

def test_nbt_keys_on_charcode_not_the_unreliable_numeric_id():
    body = payload("nbt_export_xml.xml").replace(b'<Valute ID="840">', b'<Valute ID="810">')
    assert NBTProvider().parse(body)[0].units_per_usd == Decimal("10.3125")


def test_nbt_range_export_gives_one_quote_per_record_with_dotted_dates():
    quotes = NBTProvider().parse(payload("nbt_export_xml_dynamic.xml"))
    assert [(q.date, q.units_per_usd) for q in quotes] == [
        (datetime.date(2026, 11, 20), Decimal("10.3240")),
        (datetime.date(2026, 11, 21), Decimal("10.3198")),
        (D24, Decimal("10.3125")),
    ]


def test_nbt_utf8_body_that_claims_windows_1251_is_read_as_utf8():
    body = payload("nbt_export_xml.xml").replace(b'encoding="utf-8"', b'encoding="windows-1251"').replace(
        b"<Name>US Dollar</Name>", "<Name>Доллар США</Name>".encode())
    assert xml_root(body, utf8_first=True).find(".//Name").text == "Доллар США"
    assert NBTProvider().parse(body)[0].units_per_usd == Decimal("10.3125")


def test_nbt_real_windows_1251_body_falls_back_to_the_declaration():
    body = payload("nbt_export_xml.xml").replace(b'encoding="utf-8"', b'encoding="windows-1251"').replace(
        b"<Name>US Dollar</Name>", "<Name>Доллар США</Name>".encode("cp1251"))
    assert xml_root(body, utf8_first=True).find(".//Name").text == "Доллар США"
    assert NBTProvider().parse(body)[0].units_per_usd == Decimal("10.3125")


def test_nbt_nominal_per_100_units():
    body = payload("nbt_export_xml.xml").replace(
        b"<Nominal>1</Nominal>\n   <Name>US Dollar</Name>\n   <Value>10.3125</Value>",
        b"<Nominal>100</Nominal>\n   <Name>US Dollar</Name>\n   <Value>1031.2500</Value>")
    assert NBTProvider().parse(body)[0].units_per_usd == Decimal("10.3125")


# CBU ----------------------------------------------------------------------------------------

def test_cbu_values_are_strings_and_nominal_divides():
    body = payload("cbu_json_all.json").replace(b'"Nominal":"1","Rate":"12485.37"',
                                               b'"Nominal":"10","Rate":"124853.7"')
    assert CBUProvider().parse(body)[0].units_per_usd == Decimal("12485.37")


def test_cbu_body_not_in_utf8_is_a_parse_error():
    text = payload("cbu_json_all.json").decode().encode().decode("unicode_escape")
    with pytest.raises(ParseError, match="not UTF-8"):
        CBUProvider().parse(text.encode("cp1251", errors="replace"))


def test_cbu_empty_list_means_no_rates():
    with pytest.raises(NoRates):
        CBUProvider().parse(b"[]")


def test_cbu_object_instead_of_list_is_a_parse_error():
    with pytest.raises(ParseError, match="JSON array"):
        CBUProvider().parse(b'{"error": "not found"}')


# CBT ----------------------------------------------------------------------------------------

def test_cbt_divides_rate_tmt_by_multiplier_and_ignores_rate_usd():
    body = payload("cbt_kurs.xml").replace(
        b"<rate_usd>1</rate_usd>\r\n\t\t<multiplier>1</multiplier>\r\n\t\t<rate_tmt>3.5</rate_tmt>",
        b"<rate_usd>0.2857</rate_usd>\r\n\t\t<multiplier>100</multiplier>\r\n\t\t<rate_tmt>350</rate_tmt>")
    assert CBTProvider().parse(body)[0].units_per_usd == Decimal("3.5")


def test_cbt_crlf_and_tabs_are_recorded_and_parse():
    body = payload("cbt_kurs.xml")
    assert b"\r\n\t" in body
    assert CBTProvider().parse(body)[0].date == datetime.date(2026, 11, 25)


def test_cbt_files_before_2024_date_as_iso():
    body = payload("cbt_kurs.xml").replace(b"<date>25.11.2026</date>", b"<date>2023-05-20</date>")
    assert CBTProvider().parse(body)[0].date == datetime.date(2023, 5, 20)
