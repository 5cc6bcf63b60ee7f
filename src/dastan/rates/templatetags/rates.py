"""Template tags for rates: the ticker every page carries, and number formats."""

from decimal import Decimal

from django import template

from dastan.rates import formatting
from dastan.rates.services import latest_quotes

register = template.Library()


@register.inclusion_tag("rates/ticker.html")
def rates_ticker() -> dict:
    """Render the ticker from the cached latest quotes (no query when cached, one otherwise)."""
    return {"ticker": latest_quotes()}


@register.filter
def rate(value: Decimal | None) -> str:
    """Format a rate with at least four significant digits."""
    return "" if value is None else formatting.rate_text(value)


@register.filter
def percent(value: Decimal | None) -> str:
    """Format a change as a signed percentage."""
    return "" if value is None else formatting.percent_text(value)


@register.filter
def amount(value: Decimal | None) -> str:
    """Format a converted amount."""
    return "" if value is None else formatting.amount_text(value)


@register.filter
def units(value: Decimal | None) -> str:
    """Format local units per USD without trailing zeros (87.45, 12485.37, 3.50)."""
    return "" if value is None else formatting.units_text(value)
