"""Reverse URLs into a given edition's prefix."""

from django.urls import reverse
from django.utils import translation

from dastan.core.editions import current_edition


def edition_reverse(viewname: str, edition: str | None = None, **kwargs) -> str:
    """Return the path of VIEWNAME under EDITION's prefix (default: the current edition)."""
    if edition is None or edition == translation.get_language():
        return reverse(viewname, kwargs=kwargs or None)  # a listing reverses dozens: skip the switch
    with translation.override(edition or current_edition()):
        return reverse(viewname, kwargs=kwargs or None)


def absolute(path: str) -> str:
    """Return PATH as an absolute URL on the configured site (settings.SITE_URL)."""
    from django.conf import settings

    return settings.SITE_URL + path
