"""Line charts of a currency's history, drawn on the server as SVG (no JavaScript)."""

import dataclasses
import datetime

from django.utils.translation import gettext_lazy as _

from dastan.rates.models import Quote

WIDTH, HEIGHT, PAD_X, PAD_Y = 600, 180, 8, 16
MAX_POINTS = 240  # more than the pixels a phone shows; keeps "all" under a few kilobytes

PERIODS = {"30d": (30, _("30 days")), "1y": (365, _("1 year")), "all": (None, _("All"))}
DEFAULT_PERIOD = "1y"


def period_start(period: str, end: datetime.date) -> datetime.date:
    """Return the first day shown for PERIOD ending on END ("all" starts at the first quote)."""
    days = PERIODS[period][0]
    return datetime.date.min if days is None else end - datetime.timedelta(days=days)


@dataclasses.dataclass(frozen=True)
class Chart:
    currency: str
    points: str  # the polyline's "x,y x,y …" in the SVG's own units
    first: Quote
    last: Quote
    low: Quote
    high: Quote
    width: int = WIDTH
    height: int = HEIGHT


def thin(quotes: list[Quote], limit: int = MAX_POINTS) -> list[Quote]:
    """Return at most LIMIT quotes spread evenly over QUOTES, always keeping the first and last."""
    if len(quotes) <= limit:
        return quotes
    step = (len(quotes) - 1) / (limit - 1)
    return [quotes[round(i * step)] for i in range(limit)]


def chart(currency: str, quotes: list[Quote]) -> Chart | None:
    """Return the chart of local units per USD over QUOTES (oldest first), or None without data."""
    if not quotes:
        return None
    low = min(quotes, key=lambda q: q.units_per_usd)
    high = max(quotes, key=lambda q: q.units_per_usd)
    shown = thin(quotes)
    # Floats only place pixels; every number a reader sees comes from the Decimal quotes.
    span_days = max((shown[-1].date - shown[0].date).days, 1)
    span_value = float(high.units_per_usd - low.units_per_usd)
    points = []
    for q in shown:
        x = PAD_X + (WIDTH - 2 * PAD_X) * (q.date - shown[0].date).days / span_days
        if span_value:
            y = PAD_Y + (HEIGHT - 2 * PAD_Y) * float(high.units_per_usd - q.units_per_usd) / span_value
        else:
            y = HEIGHT / 2  # a pegged currency draws a flat line through the middle
        points.append(f"{x:.1f},{y:.1f}")
    return Chart(currency, " ".join(points), quotes[0], quotes[-1], low, high)
