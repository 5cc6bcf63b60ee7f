"""Template helpers of the stories app: the article body with money in context, the timeline link."""

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dastan.stories.money_html import money_in_context, rates_lookup

register = template.Library()


def _with_money(article, html: str) -> SafeString:
    if not article.published_at:
        return mark_safe(html)  # noqa: S308 — clean HTML or escaped text only
    return money_in_context(html, day=timezone.localdate(article.published_at), language=article.edition,
                            lookup=rates_lookup())


@register.filter
def body_with_money(article) -> SafeString:
    """Return the article's (already clean) body with each amount shown beside its US$ value."""
    return _with_money(article, article.body)


@register.filter
def lead_with_money(article) -> SafeString:
    """Return the article's plain-text lead, escaped, with each amount shown beside its US$ value."""
    return _with_money(article, escape(article.lead))
