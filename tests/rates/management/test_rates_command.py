"""`dastan rates fetch` and `dastan rates backfill`: summaries and exit statuses."""

import datetime

import pytest
import time_machine

from dastan.cli import main
from dastan.rates.models import Quote
from tests.rates.conftest import Reply, serve_all

# The real command line closes the database connections when it ends, as manage.py does; only a
# transactional test survives that on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, tzinfo=datetime.UTC), tick=False):
        yield


def run(*args) -> int:
    try:
        return main(list(args))
    except SystemExit as exit:
        return exit.code


def test_fetch_all_banks_exits_0_with_a_summary(bank, capsys):
    serve_all(bank, DAY)
    assert run("rates", "fetch", "--date", "2026-11-25") == 0
    out = capsys.readouterr().out
    for name in ("nbkr: ok", "nbk: ok", "nbt: ok", "cbu: ok", "cbt: ok"):
        assert name in out
    assert "Quotes stored: 5." in out
    assert Quote.objects.count() == 5


def test_fetch_defaults_to_today(bank):
    serve_all(bank, DAY)
    assert run("rates", "fetch") == 0
    assert set(Quote.objects.values_list("date", flat=True)) == {DAY}


def test_a_failed_bank_makes_the_exit_status_non_zero_and_is_named(bank, capsys):
    serve_all(bank, DAY, nbt=Reply(502, b"bad gateway", "text/plain"), cbu=Reply(500, b"", "text/plain"))
    assert run("rates", "fetch", "--date", "2026-11-25") == 1
    captured = capsys.readouterr()
    assert "Failed providers: nbt, cbu" in captured.err
    assert "nbt: failed (HTTP 502" in captured.out
    assert Quote.objects.count() == 3


@pytest.mark.parametrize("args", [
    ("rates", "fetch", "--date", "25.11.2026"),
    ("rates", "fetch", "--date", "2026-02-30"),
    ("rates", "fetch", "--date", "20261125"),
    ("rates", "backfill", "2026-11-01", "yesterday"),
    ("rates", "backfill", "2026-11-01"),
    ("rates", "frobnicate"),
])
def test_bad_arguments_exit_2_with_a_clear_error(bank, capsys, args):
    assert run(*args) == 2
    err = capsys.readouterr().err
    assert "error" in err.lower()
    assert bank.requests == []


def test_backfill_with_from_after_to_exits_2(bank, capsys):
    assert run("rates", "backfill", "2026-11-25", "2026-11-01") == 2
    assert "FROM (2026-11-25) must not be after TO (2026-11-01)." in capsys.readouterr().err


def test_fetch_far_in_the_future_exits_2(bank, capsys):
    assert run("rates", "fetch", "--date", "2027-01-01") == 2
    assert "is in the future" in capsys.readouterr().err


def test_backfill_fills_each_day_and_resumes(bank, capsys):
    days = [DAY - datetime.timedelta(days=1), DAY]
    for day in days:
        serve_all(bank, day)
    # Every path is served for the last day only (NBK and NBT route by path without the query).
    assert run("rates", "backfill", "2026-11-25", "2026-11-25") == 0
    out = capsys.readouterr().out
    assert "Skipped (the bank serves only its latest rates): nbkr" in out
    assert set(Quote.objects.values_list("currency", flat=True)) == {"KZT", "TJS", "UZS", "TMT"}
    requests = len(bank.requests)
    assert run("rates", "backfill", "2026-11-25", "2026-11-25") == 0
    assert len(bank.requests) == requests  # all done: nothing fetched again
    assert "Quotes stored: 0." in capsys.readouterr().out
