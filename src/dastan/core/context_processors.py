"""Context every reader page shares: site name, editions, sections for the navigation."""

import functools

from django.conf import settings
from django.core.cache import cache
from django.urls import get_urlconf, reverse, translate_url
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject

from dastan.caching import fragments
from dastan.caching.keys import tokens_now
from dastan.core.editions import current_edition, edition_choices

NAV_CACHE_KEY = "dastan:nav-sections:v2"
NAV_CACHE_SECONDS = 300


def navigation_sections():
    """Return (slug, name per edition) for the navigation, cached; one query on a miss."""
    # Under the token of "site", which a section change purges for every worker at once.
    key = f"{NAV_CACHE_KEY}:{tokens_now(['site'])['site']}"
    sections = cache.get(key)
    if sections is None:
        from dastan.publishing.models import Section

        sections = [
            {"slug": s.slug, "names": {code: s.name_in(code) for code, _n in edition_choices()}}
            for s in Section.objects.all()
        ]
        cache.set(key, sections, NAV_CACHE_SECONDS)
    edition = current_edition()
    return [{"slug": s["slug"], "name": s["names"].get(edition) or next(iter(s["names"].values()))}
            for s in sections]


def current_section(request) -> str:
    """Return the slug of the section whose page REQUEST is for, or "" (for aria-current)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "publishing:section":
        return match.kwargs.get("slug", "")
    return ""


def common_fragment_names(request) -> list[str]:
    """Return the fragments every reader page shows: the section navigation and the rates ticker."""
    return [fragments.name("nav", current_section(request)),
            fragments.name("ticker", timezone.localdate())]


def _urlconf() -> str:
    return get_urlconf() or settings.ROOT_URLCONF


@functools.lru_cache(maxsize=4096)
def _translated(urlconf, language: str, path: str, code: str) -> str:
    # The URL patterns never change while the process runs: the same path, from the same
    # edition, always translates to the same URL (the arguments hold all translate_url reads).
    return translate_url(path, code)


def edition_url(path: str, code: str) -> str:
    """Return PATH (of the current edition) in edition CODE, remembered per path (bounded)."""
    return _translated(_urlconf(), translation.get_language(), path, code)


@functools.lru_cache(maxsize=64)
def _today(language: str, day) -> dict:
    # Formatting a date reads the locale's formats through several lookups: once a day is enough.
    return {"iso": day.isoformat(), "weekday": date_format(day, "l"), "date": date_format(day, "DATE_FORMAT"),
            "year": day.year}


@functools.lru_cache(maxsize=64)
def _site_urls(urlconf, language: str) -> dict:
    return {"home": reverse("publishing:home"), "search": reverse("search:search")}


def site(request):
    edition = current_edition()
    path = request.path

    def edition_links():
        return [
            {"code": code, "name": name, "url": edition_url(path, code), "current": code == edition}
            for code, name in edition_choices()
        ]

    return {
        "site_name": settings.SITE_NAME,
        "edition": edition,
        "edition_links": SimpleLazyObject(edition_links),
        "nav_sections": SimpleLazyObject(navigation_sections),
        # The masthead's date and the site's URLs are the frame's (core/templatetags/masthead.py),
        # read only when a frame part is first rendered, not on every request.
    }
