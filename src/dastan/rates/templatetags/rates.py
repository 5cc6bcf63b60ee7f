"""Template tags for rates: the ticker every page carries, and number formats."""

from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from dastan.caching import fragments
from dastan.rates import formatting
from dastan.rates.services import latest_quotes

register = template.Library()


@register.simple_tag(takes_context=True)
def rates_ticker(context) -> str:
    """Render the ticker, a fragment per edition and day ("stale" depends on the day)."""

    def build():
        return fragments.Built(render_to_string("rates/ticker.html", {"ticker": latest_quotes()}), ["rates"])

    request = context.get("request")
    if request is None:
        return build().value
    return fragments.for_request(request).get(fragments.name("ticker", timezone.localdate()), build,
                                              declare=False)


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
