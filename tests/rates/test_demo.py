import datetime
from decimal import Decimal

import pytest
import time_machine

from dastan.rates import demo, services
from dastan.rates.models import CURRENCIES, Quote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, tzinfo=datetime.UTC), tick=False):
        yield


def test_demo_history_covers_every_currency_from_2024_to_today_and_is_marked():
    added = demo.load()
    assert added == Quote.objects.count() > 0
    for currency in CURRENCIES:
        quotes = Quote.objects.filter(currency=currency)
        assert quotes.earliest("date").date == datetime.date(2024, 1, 1)
        assert quotes.latest("date").date == datetime.date(2026, 11, 25)
    assert not Quote.objects.filter(is_demo=False).exists()
    tmt = Quote.objects.filter(currency="TMT").values_list("units_per_usd", flat=True)
    assert set(tmt) == {Decimal("3.5")}


def test_demo_history_is_plausible_and_moves():
    demo.load()
    for currency in ("KGS", "KZT", "TJS", "UZS"):
        quotes = Quote.objects.filter(currency=currency).order_by("date")
        values = list(quotes.values_list("units_per_usd", flat=True))
        assert len(set(values)) > len(values) // 2  # not a flat line
        for before, after in zip(values, values[1:], strict=False):
            assert services.implausible(after, before) is None
    kgs = services.latest_quotes()[0]
    assert kgs.change_percent and kgs.quote.is_demo


def test_demo_load_is_idempotent_and_extends_the_same_history():
    demo.load()
    before = dict(Quote.objects.filter(currency="KZT").values_list("date", "units_per_usd"))
    assert demo.load() == 0
    with time_machine.travel(datetime.datetime(2026, 12, 2, 7, tzinfo=datetime.UTC), tick=False):
        assert demo.load() == 5 * 5  # five weekdays for five currencies
    after = dict(Quote.objects.filter(currency="KZT").values_list("date", "units_per_usd"))
    assert {day: after[day] for day in before} == before
