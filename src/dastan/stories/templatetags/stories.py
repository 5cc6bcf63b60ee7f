"""Template helpers of the stories app: the article body with money in context, the timeline link."""

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from dastan.stories.money_html import money_in_context, rates_lookup

register = template.Library()


@register.filter
def body_with_money(article) -> SafeString:
    """Return the article's (already clean) body with each amount shown beside its US$ value."""
    if not article.published_at:
        return mark_safe(article.body)  # noqa: S308 — bodies are sanitised on every save
    return money_in_context(
        article.body, day=timezone.localdate(article.published_at), language=article.edition,
        lookup=rates_lookup(),
    )
