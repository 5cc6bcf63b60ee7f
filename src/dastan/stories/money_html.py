"""Money in context: wrap each Central Asian amount in an article body with its US-dollar value."""

import datetime
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from html import unescape
from typing import Any

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dastan.stories.money import CENTRAL_ASIAN, Amount, find_amounts

# usd_value(amount, currency, day) -> (usd, quote) or None; the quote has .date and .units_per_usd.
Lookup = Callable[[Decimal, str, datetime.date], tuple[Decimal, Any] | None]

# Text inside these elements is left alone: a link must stay one interactive element, code is code.
_SKIP = {"a", "code", "pre", "script", "style", "data", "time"}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")


def _usd_text(usd: Decimal) -> str:
    places = Decimal(1) if usd >= 100 else Decimal("0.01")
    return "US$" + number_format(usd.quantize(places, rounding=ROUND_HALF_UP), force_grouping=True)


def _wrap(amount: Amount, shown: str, converted: tuple[Decimal, Any] | None) -> str:
    value = f"{amount.value} {amount.currency}"
    data = format_html('<data class="money" value="{}">{}</data>', value, shown)
    if converted is None:
        return data
    usd, quote = converted
    rate_day = date_format(quote.date, "DATE_FORMAT")
    note = _("official rate of %(day)s: 1 US$ = %(rate)s %(currency)s") % {
        "day": rate_day, "rate": number_format(quote.units_per_usd), "currency": amount.currency,
    }
    return format_html(
        '{} <span class="money-usd" tabindex="0" title="{}">(≈ {}'
        '<span class="money-note">, {}</span>)</span>',
        data, note, _usd_text(usd), note,
    )


def _quote(currency: str, *, lookup: Lookup | None, day: datetime.date, cache: dict):
    """Return the official quote for CURRENCY on DAY, asking LOOKUP once per currency per page.

    One question per currency keeps the article page's query count fixed however many amounts it
    has; each amount is then converted with the quote: 1 USD = 10.9 TJS, so 150,000 TJS is
    150000 / 10.9 = US$13,761.
    """
    if currency not in cache:
        answer = lookup(Decimal(1), currency, day) if lookup else None
        cache[currency] = answer[1] if answer else None
    return cache[currency]


def _convert_text(text: str, *, lookup: Lookup | None, day: datetime.date, language: str,
                  cache: dict) -> str:
    plain = unescape(text)
    amounts = [a for a in find_amounts(plain, language=language) if a.currency in CENTRAL_ASIAN]
    if not amounts:
        return text
    out, position = [], 0
    for amount in amounts:
        out.append(escape(plain[position:amount.start]))
        quote = _quote(amount.currency, lookup=lookup, day=day, cache=cache)
        converted = (amount.value / quote.units_per_usd, quote) if quote and quote.units_per_usd else None
        out.append(_wrap(amount, amount.text, converted))
        position = amount.end
    out.append(escape(plain[position:]))
    return "".join(out)


def money_in_context(html: str, *, day: datetime.date, language: str,
                     lookup: Lookup | None) -> SafeString:
    """Return HTML with every Central Asian amount marked up and, where LOOKUP has a rate, its US$ value.

    HTML must already be clean (article bodies are sanitised on save). Only text between tags is
    touched, never attributes, and nothing inside links or code. Dollar figures the article gives
    itself stay as written: both they and our conversion are shown, nothing is overwritten.
    """
    with translation.override(language):  # the note speaks the article's language
        return _money_in_context(html, day=day, language=language, lookup=lookup)


def _money_in_context(html: str, *, day: datetime.date, language: str, lookup: Lookup | None) -> SafeString:
    out, position, skipping = [], 0, 0
    cache: dict = {}
    for match in _TAG.finditer(html):
        text = html[position:match.start()]
        out.append(text if skipping else _convert_text(text, lookup=lookup, day=day,
                                                        language=language, cache=cache))
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _SKIP and not self_closing:
            skipping = max(0, skipping - 1) if closing else skipping + 1
        out.append(match.group(0))
        position = match.end()
    tail = html[position:]
    out.append(tail if skipping else _convert_text(tail, lookup=lookup, day=day, language=language,
                                                    cache=cache))
    return mark_safe("".join(out))  # noqa: S308 — built from clean HTML and escaped text only
