"""The converter: an amount in one currency, in another, at the official rate of a day."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dastan.rates.models import CURRENCIES, Quote
from dastan.rates.services import rate_on

MAX_AMOUNT = Decimal("1000000000000")  # a trillion: more than any budget the newsroom reports
CHOICES = [("USD", "USD")] + [(code, code) for code in CURRENCIES]

ERROR_NOT_A_NUMBER = _("Enter the amount as a number, such as 1000 or 12.50.")
ERROR_NEGATIVE = _("Enter an amount of zero or more.")
ERROR_TOO_LARGE = _("Enter an amount no larger than 1,000,000,000,000.")
ERROR_CURRENCY = _("Choose one of USD, KGS, KZT, TJS, UZS or TMT.")
ERROR_DATE = _("Enter the date as YYYY-MM-DD.")
ERROR_FUTURE = _("Choose today or an earlier day: rates of future days are not published yet.")
CURRENCY_ERRORS = {"invalid_choice": ERROR_CURRENCY, "required": ERROR_CURRENCY}
ERROR_NO_RATE = _("There is no official %(currency)s rate on or before %(date)s.")


class ConverterForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=19, decimal_places=6,
        error_messages={"invalid": ERROR_NOT_A_NUMBER, "required": ERROR_NOT_A_NUMBER,
                        "max_digits": ERROR_TOO_LARGE, "max_whole_digits": ERROR_TOO_LARGE,
                        "max_decimal_places": _("Use at most six decimal places.")},
    )
    from_currency = forms.ChoiceField(label=_("From"), choices=CHOICES, error_messages=CURRENCY_ERRORS)
    to_currency = forms.ChoiceField(label=_("To"), choices=CHOICES, initial="USD",
                                    error_messages=CURRENCY_ERRORS)
    date = forms.DateField(label=_("Date"), required=False, input_formats=["%Y-%m-%d"],
                           widget=forms.DateInput(attrs={"type": "date"}),
                           error_messages={"invalid": ERROR_DATE})

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount < 0:
            raise forms.ValidationError(ERROR_NEGATIVE)
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(ERROR_TOO_LARGE)
        return amount

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data.get("date") or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(ERROR_FUTURE)
        return day

    def clean(self) -> dict:
        data = super().clean()
        day = data.get("date")
        if day is None:
            return data
        for field in ("from_currency", "to_currency"):
            currency = data.get(field)
            if currency and currency != "USD":
                quote = rate_on(currency, day)
                if quote is None:
                    self.add_error(field, ERROR_NO_RATE % {"currency": currency, "date": day.isoformat()})
                data[field + "_quote"] = quote
        return data

    def conversion(self) -> "Conversion":
        """Return the result of a valid form."""
        data = self.cleaned_data
        return Conversion(data["amount"], data["from_currency"], data["to_currency"], data["date"],
                          data.get("from_currency_quote"), data.get("to_currency_quote"))


class Conversion:
    """AMOUNT of SOURCE in TARGET, through each one's official rate against the US dollar."""

    def __init__(self, amount: Decimal, source: str, target: str, day: datetime.date,
                 source_quote: Quote | None, target_quote: Quote | None):
        self.amount, self.source, self.target, self.day = amount, source, target, day
        self.quotes = [q for q in (source_quote, target_quote) if q is not None]
        source_units = source_quote.units_per_usd if source_quote else Decimal(1)
        target_units = target_quote.units_per_usd if target_quote else Decimal(1)
        # 1 SOURCE = target_units / source_units TARGET: 1 KGS = 1 / 87.45 USD = 0.011435 USD.
        self.rate = Decimal(target_units) / Decimal(source_units)
        self.result = amount * self.rate
