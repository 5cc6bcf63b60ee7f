"""Demo rate history: a plausible, seeded daily walk for every currency since 1 January 2024.

The rows are marked ``is_demo`` and carry the source "demo", so real quotes fetched later win on
the same day and the demo history can be told apart (and deleted) at any time.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from dastan.rates.models import Quote, Source, days_between, priority_of
from dastan.rates.services import forget_latest

START = datetime.date(2024, 1, 1)
SEED = 2024
# (start value on 1 January 2024, long-run level, daily volatility, decimals), local units per USD.
WALKS = {
    "KGS": (Decimal("89.30"), 87.45, 0.0012, 4),
    "KZT": (Decimal("455.50"), 510.27, 0.0040, 2),
    "TJS": (Decimal("10.93"), 10.3125, 0.0010, 4),
    "UZS": (Decimal("12338.00"), 12485.37, 0.0015, 2),
}
TMT_PEG = Decimal("3.5")
PULL = 0.01  # how strongly each day's rate is drawn back towards the long-run level


def quotes(end: datetime.date) -> list[Quote]:
    """Return the demo quotes from START to END on weekdays (the banks do not publish at weekends).

    Each day depends only on the days before it, never on END, so a later run extends the same
    history instead of redrawing it.
    """
    rows = []
    now = timezone.now()
    for currency, (start, level, volatility, decimals) in WALKS.items():
        rng = random.Random(f"{SEED}-{currency}")
        value = float(start)  # floats only drive the synthetic walk; stored values are Decimals
        for day in days_between(START, end):
            step = PULL * (level - value) + value * rng.gauss(0, volatility)
            value = max(value + step, level * 0.5)
            if day.weekday() < 5:
                rows.append(Quote(currency=currency, date=day, source=Source.DEMO, is_demo=True,
                                  units_per_usd=round(Decimal(value), decimals),
                                  priority=priority_of(Source.DEMO), fetched_at=now))
    rows += [Quote(currency="TMT", date=day, source=Source.DEMO, is_demo=True, units_per_usd=TMT_PEG,
                   priority=priority_of(Source.DEMO), fetched_at=now)
             for day in days_between(START, end) if day.weekday() < 5]
    return rows


def load(stdout=None) -> int:
    """Store the demo quotes that are missing, up to today; return how many were added."""
    end = timezone.localdate()
    have = set(Quote.objects.filter(source=Source.DEMO).values_list("currency", "date"))
    new = [q for q in quotes(end) if (q.currency, q.date) not in have]
    Quote.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    forget_latest()
    if stdout:
        stdout.write(f"Demo exchange rates added: {len(new)}")
    return len(new)
