"""Fetching and storing: one atomic upsert per provider, the plausibility band, the peg, backfill."""

import datetime
import logging
from decimal import Decimal

import pytest
import time_machine

from dastan.rates import services
from dastan.rates.models import FetchLog, Quote, Source
from dastan.rates.providers.base import ParsedQuote
from dastan.rates.providers.cbu import CBUProvider
from dastan.rates.providers.nbk import NBKProvider
from dastan.rates.providers.nbkr import NBKRProvider
from tests import builders
from tests.rates.conftest import Reply, dated, serve_all

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 25)
EXPECTED = {"KGS": Decimal("87.45"), "KZT": Decimal("510.27"), "TJS": Decimal("10.3125"),
            "UZS": Decimal("12485.37"), "TMT": Decimal("3.5")}


def stored() -> dict[str, Decimal]:
    return {q.currency: q.units_per_usd for q in Quote.objects.all()}


def quote(currency="KGS", day=DAY, units="87.45", source=Source.NBKR, **kw) -> Quote:
    return builders.quote(currency=currency, day=day, units_per_usd=units, source=source, **kw)


def test_fetch_stores_one_quote_per_bank(bank):
    serve_all(bank, DAY)
    report = services.rates_fetch(day=DAY)
    assert report.failed == []
    assert stored() == EXPECTED
    assert {q.source for q in Quote.objects.all()} == {"nbkr", "nbk", "nbt", "cbu", "cbt"}
    assert FetchLog.objects.filter(day=DAY, status=FetchLog.Status.OK).count() == 5


def test_fetching_the_same_day_again_is_a_no_op(bank):
    serve_all(bank, DAY)
    services.rates_fetch(day=DAY)
    fetched_at = list(Quote.objects.order_by("pk").values_list("pk", "fetched_at"))
    report = services.rates_fetch(day=DAY)
    assert report.stored == 0 and report.failed == []
    assert list(Quote.objects.order_by("pk").values_list("pk", "fetched_at")) == fetched_at


def test_one_bank_failing_does_not_stop_the_others(bank):
    serve_all(bank, DAY, nbk=Reply(503, b"down", "text/plain"),
              cbu=Reply(body=b"<html><body>Maintenance</body></html>", content_type="text/html"))
    report = services.rates_fetch(day=DAY)
    assert report.failed == ["nbk", "cbu"]
    assert set(stored()) == {"KGS", "TJS", "TMT"}
    failed = FetchLog.objects.get(provider="nbk", day=DAY)
    assert failed.status == FetchLog.Status.FAILED and "HTTP 503" in failed.message


def test_unreachable_cbt_falls_back_to_the_peg(bank):
    serve_all(bank, DAY, cbt=Reply(403, b"Forbidden", "text/plain"))
    report = services.rates_fetch(day=DAY)
    (result,) = [r for r in report.results if r.provider == "cbt"]
    assert result.status == FetchLog.Status.FALLBACK and "peg 3.5" in result.message
    assert report.failed == []
    tmt = Quote.objects.get(currency="TMT")
    assert (tmt.source, tmt.units_per_usd, tmt.date) == ("peg", Decimal("3.5"), DAY)


def test_cbt_file_wins_over_the_peg_on_the_same_day(bank):
    quote("TMT", units="3.5", source=Source.PEG)
    serve_all(bank, DAY)
    services.rates_fetch(day=DAY)
    assert services.rate_on("TMT", DAY).source == "cbt"


def test_bank_answering_with_another_days_file_stores_nothing(bank):
    # NBT answers a future or unknown day with today's snapshot: never file it under the day asked.
    serve_all(bank, DAY, nbt=Reply(body=dated("nbt_export_xml.xml", DAY - datetime.timedelta(days=3))))
    report = services.rates_fetch(day=DAY)
    (result,) = [r for r in report.results if r.provider == "nbt"]
    assert result.status == FetchLog.Status.EMPTY and "2026-11-22" in result.message
    assert "TJS" not in stored()


def test_nbkr_latest_file_is_stored_under_its_own_effective_date(bank):
    bank.serve("/nbkr/daily.xml", Reply(body=dated("nbkr_daily.xml", DAY + datetime.timedelta(days=1))))
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)):
        services.rates_fetch(providers=[NBKRProvider()])
    assert Quote.objects.get().date == DAY + datetime.timedelta(days=1)


def test_nbkr_cannot_fetch_a_chosen_past_day(bank):
    bank.serve("/nbkr/daily.xml", Reply(body=dated("nbkr_daily.xml", DAY)))
    report = services.rates_fetch(day=DAY - datetime.timedelta(days=10), providers=[NBKRProvider()])
    assert report.results[0].status == FetchLog.Status.SKIPPED
    assert report.failed == [] and not Quote.objects.exists()


def test_day_without_rates_is_empty_not_failed(bank):
    bank.serve("/nbk/get_rates.cfm", Reply(body=dated("nbk_get_rates_nodata.xml", DAY)))
    report = services.rates_fetch(day=DAY, providers=[NBKProvider()])
    assert report.results[0].status == FetchLog.Status.EMPTY and report.failed == []


@pytest.mark.parametrize(("units", "reason"), [
    ("105.00", services.REJECT_JUMP),  # +20.07%
    ("69.90", services.REJECT_JUMP),  # -20.07%
    ("0", services.REJECT_NOT_POSITIVE),
    ("-87.45", services.REJECT_NOT_POSITIVE),
])
def test_implausible_quotes_are_logged_and_never_stored(units, reason, caplog):
    quote(day=DAY - datetime.timedelta(days=1), units="87.45")
    with caplog.at_level(logging.WARNING, logger="dastan.rates"):
        count, rejected = services.store("nbkr", [ParsedQuote("KGS", DAY, Decimal(units))])
    assert count == 0 and len(rejected) == 1 and reason in rejected[0]
    assert reason in caplog.text
    assert not Quote.objects.filter(date=DAY).exists()


def test_a_move_within_the_band_is_stored():
    quote(day=DAY - datetime.timedelta(days=1), units="87.45")
    assert services.store("nbkr", [ParsedQuote("KGS", DAY, Decimal("104.90"))]) == (1, [])


def test_band_compares_with_real_quotes_not_demo_data():
    quote(day=DAY - datetime.timedelta(days=1), units="10.00", source=Source.DEMO, is_demo=True)
    assert services.store("nbkr", [ParsedQuote("KGS", DAY, Decimal("87.45"))]) == (1, [])


def test_negative_rate_in_a_payload_is_refused_end_to_end(bank):
    body = dated("nbkr_daily.xml", DAY).replace(b"87,4500", b"-87,4500")
    bank.serve("/nbkr/daily.xml", Reply(body=body))
    report = services.rates_fetch(providers=[NBKRProvider()])
    assert report.results[0].rejected and not Quote.objects.exists()


def _serve_cbu(bank, day, reply=None):
    bank.serve(f"/cbu/json/all/{day:%Y-%m-%d}/", reply or Reply(body=dated("cbu_json_all.json", day)))


def test_backfill_resumes_where_it_stopped(bank):
    days = [DAY + datetime.timedelta(days=i) for i in range(3)]
    _serve_cbu(bank, days[0])
    _serve_cbu(bank, days[1])
    _serve_cbu(bank, days[2], Reply(503, b"down", "text/plain"))
    seen = []
    report = services.rates_backfill(start=days[0], end=days[2], progress=seen.append,
                                     providers=[CBUProvider()])
    assert seen == days
    assert report.failed == ["cbu"]
    assert Quote.objects.count() == 2

    _serve_cbu(bank, days[2])
    before = {d: bank.hits(f"/cbu/json/all/{d:%Y-%m-%d}/") for d in days}
    report = services.rates_backfill(start=days[0], end=days[2], providers=[CBUProvider()])
    assert report.failed == [] and report.stored == 1
    assert [bank.hits(f"/cbu/json/all/{d:%Y-%m-%d}/") - before[d] for d in days] == [0, 0, 1]
    assert sorted(Quote.objects.values_list("date", flat=True)) == days


def test_backfill_skips_banks_without_dated_files(bank):
    report = services.rates_backfill(start=DAY, end=DAY, providers=[NBKRProvider()])
    assert report.results == [] and bank.requests == []


# Lookups ------------------------------------------------------------------------------------

def test_rate_on_takes_the_day_or_the_nearest_earlier_quoted_day():
    friday = quote(day=datetime.date(2026, 11, 20), units="87.40")
    assert services.rate_on("KGS", datetime.date(2026, 11, 22)) == friday
    assert services.rate_on("kgs", datetime.date(2026, 11, 20)) == friday
    assert services.rate_on("KGS", datetime.date(2026, 11, 19)) is None
    assert services.rate_on("EUR", datetime.date(2026, 11, 22)) is None


def test_usd_value_worked_example():
    quote(units="87.45")
    value, used = services.usd_value(Decimal("1000"), "KGS", DAY)
    assert round(value, 6) == Decimal("11.435106")
    assert used.usd_per_unit.quantize(Decimal("0.000001")) == Decimal("0.011435")
    assert services.usd_value(Decimal("1"), "KGS", DAY - datetime.timedelta(days=1)) is None


def test_latest_quotes_give_change_against_the_previous_quoted_day():
    quote(day=datetime.date(2026, 11, 20), units="88.00")
    quote(day=DAY, units="87.45")
    quote("UZS", day=DAY, units="12485.37", source=Source.CBU)
    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC)):
        kgs, uzs = services.latest_quotes()
        assert (kgs.currency, kgs.date, kgs.previous.date) == ("KGS", DAY, datetime.date(2026, 11, 20))
        # KGS/USD went from 1/88 to 1/87.45: up 88 / 87.45 - 1 = 0.6289%.
        assert round(kgs.change_percent, 4) == Decimal("0.6289") and kgs.direction == "up"
        assert uzs.previous is None and uzs.change_percent is None
        assert not kgs.stale
    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC)):
        assert services.latest_quotes()[0].stale


def test_real_quote_wins_over_demo_on_the_same_day():
    quote(day=DAY, units="90.00", source=Source.DEMO, is_demo=True)
    quote(day=DAY, units="87.45")
    assert services.latest_quotes()[0].quote.source == "nbkr"
    assert services.rate_on("KGS", DAY).source == "nbkr"


def test_latest_quotes_are_cached_and_forgotten_when_a_fetch_stores(django_capture_on_commit_callbacks):
    quote(day=DAY - datetime.timedelta(days=1), units="87.00")
    assert services.latest_quotes()[0].units_per_usd == Decimal("87.00")
    # Written behind the signals' back (bulk_create): not seen until something purges "rates".
    Quote.objects.bulk_create([Quote(currency="KGS", date=DAY, units_per_usd=Decimal("87.45"),
                                     source="nbkr")])
    assert services.latest_quotes()[0].units_per_usd == Decimal("87.00")
    with django_capture_on_commit_callbacks(execute=True):
        services.store("nbkr", [ParsedQuote("KGS", DAY + datetime.timedelta(days=1), Decimal("87.50"))])
    assert services.latest_quotes()[0].units_per_usd == Decimal("87.50")
    quote(day=DAY + datetime.timedelta(days=2), units="87.60")  # a saved quote purges at once
    assert services.latest_quotes()[0].units_per_usd == Decimal("87.60")


def test_history_keeps_one_row_per_day_oldest_first():
    quote(day=DAY, units="90.00", source=Source.DEMO, is_demo=True)
    quote(day=DAY, units="87.45")
    quote(day=DAY - datetime.timedelta(days=1), units="87.40")
    rows = services.history(DAY - datetime.timedelta(days=7), DAY, ["KGS"])["KGS"]
    assert [(r.date, r.units_per_usd) for r in rows] == [
        (DAY - datetime.timedelta(days=1), Decimal("87.40")), (DAY, Decimal("87.45"))]
