"""The transport, against a real HTTP server on 127.0.0.1: faults, retries, User-Agent."""

import datetime
from decimal import Decimal

import pytest

from dastan.rates.providers.base import NoRates, ParseError, ProviderError
from dastan.rates.providers.cbt import CBTProvider
from dastan.rates.providers.cbu import CBUProvider
from dastan.rates.providers.nbk import NBKProvider
from dastan.rates.providers.nbkr import NBKRProvider
from dastan.rates.providers.nbt import NBTProvider
from tests.rates.conftest import NBK_PATH, NBKR_PATH, Reply, payload

DAY = datetime.date(2026, 11, 24)
HTML_ERROR = b"<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>"


def test_fetch_reads_the_recorded_payload_with_an_honest_user_agent(bank):
    bank.serve(NBK_PATH, Reply(body=payload("nbk_get_rates.xml")))
    (quote,) = NBKProvider().fetch(DAY)
    assert quote.units_per_usd == Decimal("510.27")
    path, agent = bank.requests[0]
    assert path == "/nbk/get_rates.cfm?fdate=24.11.2026"
    assert agent.startswith("Dastan/") and "http://" in agent


def test_server_error_is_retried_then_succeeds(bank):
    bank.serve(NBK_PATH, Reply(503, b"busy", "text/plain"), Reply(body=payload("nbk_get_rates.xml")))
    assert NBKProvider().fetch(DAY)[0].units_per_usd == Decimal("510.27")
    assert bank.hits(NBK_PATH) == 2


def test_persistent_server_error_gives_up_after_the_bounded_attempts(bank, settings):
    bank.serve(NBK_PATH, Reply(500, b"oops", "text/plain"))
    with pytest.raises(ProviderError, match="HTTP 500"):
        NBKProvider().fetch(DAY)
    assert bank.hits(NBK_PATH) == settings.DASTAN_RATES_ATTEMPTS


def test_timeout_is_a_provider_error_after_retries(bank, settings):
    settings.DASTAN_RATES_TIMEOUT = 0.1
    settings.DASTAN_RATES_ATTEMPTS = 2
    bank.serve(NBK_PATH, Reply(body=payload("nbk_get_rates.xml"), delay=0.4))
    with pytest.raises(ProviderError, match="timed out"):
        NBKProvider().fetch(DAY)
    assert bank.hits(NBK_PATH) == 2


def test_html_error_page_with_status_200_is_refused(bank):
    bank.serve(NBKR_PATH, Reply(body=HTML_ERROR, content_type="text/html"))
    with pytest.raises(ParseError, match="HTML page"):
        NBKRProvider().fetch(DAY)
    assert bank.hits(NBKR_PATH) == 3


def test_body_cut_short_of_its_content_length_is_a_provider_error(bank):
    bank.serve(NBKR_PATH, Reply(body=payload("nbkr_daily.xml"), truncate=True))
    with pytest.raises(ProviderError):
        NBKRProvider().fetch(DAY)


def test_truncated_body_then_whole_body_succeeds(bank):
    bank.serve(NBKR_PATH, Reply(body=payload("nbkr_daily.xml"), truncate=True),
               Reply(body=payload("nbkr_daily.xml")))
    assert NBKRProvider().fetch(DAY)[0].units_per_usd == Decimal("87.45")


def test_wrong_encoding_is_a_parse_error(bank):
    text = payload("cbu_json_all.json").decode("unicode_escape")
    bank.serve("/cbu/json/all/2026-11-24/", Reply(body=text.encode("cp1251", errors="replace"),
                                                  content_type="application/json"))
    with pytest.raises(ParseError, match="not UTF-8"):
        CBUProvider().fetch(DAY)


def test_404_means_no_rates_for_the_day_and_is_not_retried(bank):
    with pytest.raises(NoRates):
        CBUProvider().fetch(DAY)
    assert bank.hits("/cbu/json/all/2026-11-24/") == 1


def test_refused_connection_is_a_provider_error(bank):
    bank.close()
    with pytest.raises(ProviderError):
        NBKRProvider().fetch(DAY)


PROVIDERS = {
    "nbkr": (NBKRProvider, "/nbkr/daily.xml", "nbkr_daily.xml"),
    "nbk": (NBKProvider, NBK_PATH, "nbk_get_rates.xml"),
    "nbt": (NBTProvider, "/nbt/export_xml.php", "nbt_export_xml.xml"),
    "cbu": (CBUProvider, "/cbu/json/all/2026-11-24/", "cbu_json_all.json"),
    "cbt": (CBTProvider, "/cbt/kurs/2026/24112026.xml", "cbt_kurs.xml"),
}
FAULTS = {
    "timeout": lambda body: Reply(body=body, delay=0.3),
    "server-error": lambda body: Reply(502, b"Bad Gateway", "text/plain"),
    "html-error-page": lambda body: Reply(body=HTML_ERROR, content_type="text/html"),
    "truncated": lambda body: Reply(body=body, truncate=True),
    "cut-short-but-complete": lambda body: Reply(body=body[: len(body) // 2]),
}


@pytest.mark.parametrize("name", PROVIDERS)
def test_every_provider_fetches_its_recorded_payload_over_http(bank, name):
    provider, path, fixture = PROVIDERS[name]
    bank.serve(path, Reply(body=payload(fixture)))
    (quote,) = provider().fetch(DAY)
    assert quote.currency == provider.currency and quote.units_per_usd > 0


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", PROVIDERS)
def test_every_provider_turns_each_fault_into_a_provider_error(bank, settings, name, fault):
    settings.DASTAN_RATES_TIMEOUT = 0.1
    provider, path, fixture = PROVIDERS[name]
    bank.serve(path, FAULTS[fault](payload(fixture)))
    with pytest.raises(ProviderError) as caught:
        provider().fetch(DAY)
    assert not isinstance(caught.value, NoRates)
    assert bank.hits(path) == settings.DASTAN_RATES_ATTEMPTS
