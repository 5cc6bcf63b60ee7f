"""Editions: one per language in settings.LANGUAGES, each under its own URL prefix."""

from django.conf import settings
from django.utils.translation import get_language


def edition_codes() -> list[str]:
    """Return the codes of the configured editions, the default first."""
    return [code for code, _name in settings.LANGUAGES]


def edition_choices() -> list[tuple[str, str]]:
    """Return (code, name) pairs for model and form choices; read when called, not at import."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def default_edition() -> str:
    """Return the code of the first configured edition."""
    return edition_codes()[0]


def current_edition() -> str:
    """Return the edition of the running request (the active language), or the default."""
    language = (get_language() or "").split("-")[0]
    return language if language in edition_codes() else default_edition()
