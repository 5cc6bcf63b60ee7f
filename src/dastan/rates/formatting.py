"""How rates and changes are written for readers: enough digits to be exact, never 0.00008."""

from decimal import ROUND_HALF_EVEN, Decimal

MIN_DECIMALS = 6
MIN_SIGNIFICANT = 4


def quote_data(quote) -> dict:
    """Return QUOTE as plain data for JSON: exact decimal strings, never floats."""
    return {"currency": quote.currency, "date": quote.date, "source": quote.source,
            "units_per_usd": units_text(quote.units_per_usd), "usd_per_unit": rate_text(quote.usd_per_unit),
            "is_demo": quote.is_demo}


def ticker_data(item) -> dict:
    """Return one ticker entry (a TickerQuote) as plain data: the quote, its change and its age."""
    row = quote_data(item.quote)
    row["change_percent"] = None if item.change_percent is None else str(round(item.change_percent, 4))
    row["previous_date"] = item.previous.date if item.previous else None
    row["stale"] = item.stale
    return row


def rate_text(value: Decimal) -> str:
    """Return VALUE with at least six decimals and at least four significant digits.

    1 / 87.45 = 0.0114351… gives "0.011435" (KGS/USD); 1 / 12485.37 = 0.0000800938… gives
    "0.00008009" (UZS/USD), where a fixed five decimals would print a useless "0.00008".
    """
    value = Decimal(value)
    if not value:
        return "0"
    decimals = max(MIN_DECIMALS, MIN_SIGNIFICANT - value.adjusted() - 1)
    return f"{value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN):f}"


def amount_text(value: Decimal) -> str:
    """Return an amount with two decimals, or four significant digits when it is smaller than 0.01.

    Thousands are grouped with a narrow no-break space ("1 000.00"), which reads the same in every
    edition: a comma would be a decimal separator to a Russian reader.
    """
    value = Decimal(value)
    decimals = 2 if not value or abs(value) >= Decimal("0.01") else MIN_SIGNIFICANT - value.adjusted() - 1
    text = f"{value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN):,f}"
    return text.replace(",", "\u202f")


def percent_text(value: Decimal) -> str:
    """Return a signed percentage with two decimals ("+0.63%", "−0.12%", "0.00%").

    A change too small for two decimals keeps two significant digits, so it never reads as zero.
    """
    value = Decimal(value)
    if value and abs(value) < Decimal("0.01"):
        decimals = 2 - value.adjusted() - 1
    else:
        decimals = 2
    text = f"{abs(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN):f}%"
    if value > 0:
        return "+" + text
    if value < 0:
        return "\u2212" + text  # a real minus sign, as in print
    return text


def units_text(value: Decimal) -> str:
    """Return units per USD as the bank wrote it: trailing zeros dropped, two decimals at least."""
    value = Decimal(value).normalize()
    if value.as_tuple().exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return f"{value:f}"
