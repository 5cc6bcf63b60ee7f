from decimal import Decimal

import pytest

from dastan.rates.formatting import amount_text, percent_text, rate_text, units_text


@pytest.mark.parametrize(("units_per_usd", "expected"), [
    ("87.45", "0.011435"),  # KGS: six decimals already give five significant digits
    ("12485.37", "0.00008009"),  # UZS: four significant digits, never 0.00008
    ("510.27", "0.001960"),  # KZT
    ("10.3125", "0.096970"),  # TJS
    ("3.5", "0.285714"),  # TMT
    ("1250000", "0.0000008000"),
])
def test_rate_has_at_least_four_significant_digits(units_per_usd, expected):
    assert rate_text(Decimal(1) / Decimal(units_per_usd)) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("0.6289", "+0.63%"), ("-0.3613", "\u22120.36%"), ("0", "0.00%"), ("0.0004", "+0.00040%"),
    ("-0.00123", "\u22120.0012%"), ("25", "+25.00%"),
])
def test_percent_is_signed_and_never_hides_a_small_move(value, expected):
    assert percent_text(Decimal(value)) == expected


def test_amounts_and_units():
    assert amount_text(Decimal("11435.1057")) == "11\u202f435.11"
    assert amount_text(Decimal("0.000080094")) == "0.00008009"
    assert amount_text(Decimal("0")) == "0.00"
    assert units_text(Decimal("87.450000")) == "87.45"
    assert units_text(Decimal("3.500000")) == "3.50"
    assert units_text(Decimal("12485.370000")) == "12485.37"
    assert units_text(Decimal("10.312500")) == "10.3125"
