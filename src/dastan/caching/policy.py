"""What the page cache may store and for how long; every setting is read when called."""

from django.conf import settings
from django.utils import translation

from dastan.core.editions import edition_codes

# Pages of these prefixes are never cached (forms, sessions, staff tools).
NEVER_CACHED = ("/admin/", "/static/", "/media/", "/healthz")


def cache_enabled() -> bool:
    """Return True when the full-page cache is on (DASTAN_PAGE_CACHE)."""
    return bool(getattr(settings, "DASTAN_PAGE_CACHE", True))


def default_ttl() -> int:
    """Return how long a page may stay in Dastan's cache without a purge, in seconds."""
    return int(getattr(settings, "DASTAN_PAGE_CACHE_SECONDS", 3600))


def proxy_max_age() -> int:
    """Return s-maxage: how long a reverse proxy without purge support may reuse a page, in seconds."""
    return int(getattr(settings, "DASTAN_PROXY_MAX_AGE", 10))


def browser_max_age() -> int:
    """Return max-age for browsers, in seconds."""
    return int(getattr(settings, "DASTAN_BROWSER_MAX_AGE", 0))


def stale_while_revalidate() -> int:
    """Return stale-while-revalidate, in seconds."""
    return int(getattr(settings, "DASTAN_STALE_WHILE_REVALIDATE", 30))


def allowed_query_params() -> tuple[str, ...]:
    return tuple(getattr(settings, "DASTAN_PAGE_CACHE_QUERY_PARAMS", ("page",)))


def skip_request(request) -> bool:
    """Return True for requests the cache must pass through: writes, staff, sessions, admin."""
    if request.method not in ("GET", "HEAD"):
        return True
    if request.path.startswith(NEVER_CACHED):
        return True
    cookies = request.COOKIES
    # A session (logged in, or anything stored for this visitor) or pending messages mean the
    # page may differ from what other readers get.
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def cacheable_query(request) -> str | None:
    """Return the normalised allowed query string, or None when the query has other parameters."""
    if not request.META.get("QUERY_STRING"):
        return ""
    allowed = allowed_query_params()
    parts = []
    for name, values in sorted(request.GET.lists()):
        if name not in allowed or len(values) != 1:
            return None
        parts.append(f"{name}={values[0]}")
    return "&".join(parts)


def page_edition(request) -> str:
    """Return the edition a request is for: its URL prefix, or what Django would pick for it."""
    first = request.path.lstrip("/").split("/", 1)[0]
    if first in edition_codes():
        return first
    return translation.get_language_from_request(request) or edition_codes()[0]
