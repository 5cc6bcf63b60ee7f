"""The frame of every reader page: head links, masthead, edition links, sections, footer.

Most of the frame depends only on the language, the day and the settings, yet as template
nodes it cost a third of an article page's rendering: those parts are rendered once per
process and language (and day) and reused. The sections navigation is a cached fragment,
since a section's change must reach every worker.
"""

import datetime
from collections.abc import Callable

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from dastan.caching import fragments
from dastan.core.context_processors import _site_urls, _today, _urlconf, current_section, navigation_sections

register = template.Library()

_frames: dict[tuple, SafeString] = {}
_MAX_FRAMES = 256  # a few parts x languages x days: cleared, not grown, past this


@receiver(setting_changed)
def _forget_frames(**kwargs):
    _frames.clear()


def _frame(part: str, key: tuple, values: Callable[[], dict]) -> SafeString:
    """Return core/_PART.html rendered with VALUES(), once per KEY and active language."""
    if settings.DEBUG:  # templates being edited are read again, as Django's loaders do then
        return render_to_string(f"core/_{part}.html", values())
    full = (part, translation.get_language(), *key)
    found = _frames.get(full)
    if found is None:
        if len(_frames) >= _MAX_FRAMES:
            _frames.clear()
        found = _frames[full] = mark_safe(render_to_string(f"core/_{part}.html", values()))  # noqa: S308
    return found


def _values() -> dict:
    language = translation.get_language()
    return {"site_name": settings.SITE_NAME, "site_urls": _site_urls(_urlconf(), language),
            "today": _today(language, timezone.localdate())}


def _day(context) -> datetime.date:
    """Return today's date in the site's time zone, read once per page."""
    found = context.render_context.get("dastan_today")
    if found is None:
        found = context.render_context["dastan_today"] = timezone.localdate()
    return found


@register.simple_tag
def head_links() -> SafeString:
    """Render the colour-scheme meta, favicon, script and style sheet links (hashed static URLs)."""
    return _frame("head_links", (), dict)


@register.simple_tag(takes_context=True)
def masthead_top(context) -> SafeString:
    """Render the skip link and the masthead's opening with today's date, up to the edition links."""
    return _frame("masthead_top", (_day(context),), _values)


@register.simple_tag
def edition_links(links) -> SafeString:
    """Render the edition links' list items: the current edition as text, the others as links."""
    items = [
        format_html('\n        <li><span aria-current="true">{}</span></li>', link["name"]) if link["current"]
        else format_html('\n        <li><a href="{}" hreflang="{}" lang="{}">{}</a></li>',
                         link["url"], link["code"], link["code"], link["name"])
        for link in links
    ]
    return mark_safe("".join(items))  # noqa: S308 - every item is format_html's, escaped


@register.simple_tag(takes_context=True)
def nameplate(context) -> SafeString:
    """Render the site's name and the search box (holding the query on search pages)."""
    query = context.get("search_query") or ""
    if query:
        return render_to_string("core/_nameplate.html", {**_values(), "search_query": query})
    return _frame("nameplate", (), _values)


@register.simple_tag(takes_context=True)
def site_footer(context) -> SafeString:
    """Render the footer (the year is today's)."""
    return _frame("footer", (_day(context).year,), _values)


@register.simple_tag(takes_context=True)
def section_nav(context) -> str:
    """Render the sections navigation, marking the current section's link."""
    request = context.get("request")
    current = current_section(request)

    def build():
        html = render_to_string("core/_sections_nav.html", {
            "sections": navigation_sections(), "current": current,
        })
        return fragments.Built(html, [])  # section changes purge "site", which every fragment has

    if request is None:
        return build().value
    return fragments.for_request(request).get(fragments.name("nav", current), build, declare=False)
