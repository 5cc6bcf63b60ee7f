"""Context every reader page shares: site name, editions, sections for the navigation."""

from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from dastan.core.editions import current_edition, edition_choices

NAV_CACHE_KEY = "dastan:nav-sections:v1"
NAV_CACHE_SECONDS = 300


def navigation_sections():
    """Return (slug, name per edition) for the navigation, cached; one query on a miss."""
    sections = cache.get(NAV_CACHE_KEY)
    if sections is None:
        from dastan.publishing.models import Section

        sections = [
            {"slug": s.slug, "names": {code: s.name_in(code) for code, _n in edition_choices()}}
            for s in Section.objects.all()
        ]
        cache.set(NAV_CACHE_KEY, sections, NAV_CACHE_SECONDS)
    edition = current_edition()
    return [{"slug": s["slug"], "name": s["names"].get(edition) or next(iter(s["names"].values()))}
            for s in sections]


def site(request):
    edition = current_edition()
    path = request.path

    def edition_links():
        return [
            {"code": code, "name": name, "url": translate_url(path, code), "current": code == edition}
            for code, name in edition_choices()
        ]

    return {
        "site_name": settings.SITE_NAME,
        "edition": edition,
        "edition_links": SimpleLazyObject(edition_links),
        "nav_sections": SimpleLazyObject(navigation_sections),
    }
