"""Template helpers of the stories app: the article body with money in context, the timeline link."""

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dastan.rates.services import quotes_on
from dastan.stories.money_html import money_in_context

register = template.Library()


def _day_lookup(article):
    """Return a usd_value-like lookup that reads every currency's quote for the day in one query."""
    found = {}

    def lookup(amount, currency, day):
        if "quotes" not in found:
            found["quotes"] = quotes_on(day)
        quote = found["quotes"].get(currency)
        return (amount / quote.units_per_usd, quote) if quote else None

    return lookup


def _with_money(article, html: str) -> SafeString:
    if not article.published_at:
        return mark_safe(html)  # noqa: S308 — clean HTML or escaped text only
    if not hasattr(article, "_money_lookup"):
        article._money_lookup = _day_lookup(article)  # shared by the lead and the body
    return money_in_context(html, day=timezone.localdate(article.published_at), language=article.edition,
                            lookup=article._money_lookup)


@register.filter
def body_with_money(article) -> SafeString:
    """Return the article's (already clean) body with each amount shown beside its US$ value."""
    return _with_money(article, article.body)


@register.filter
def lead_with_money(article) -> SafeString:
    """Return the article's plain-text lead, escaped, with each amount shown beside its US$ value."""
    return _with_money(article, escape(article.lead))
