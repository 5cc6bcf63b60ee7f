"""Answer page-cache hits at the WSGI layer, before Django builds a request object.

Only the plain case is answered here: GET or HEAD, an edition path, no session or messages
cookie, allowed query parameters, no conditional headers, a Host header. Everything else, and
every miss, goes to Django, whose PageCacheMiddleware stores the page and handles the rest.
"""

import time
from urllib.parse import parse_qsl

from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http.cookie import parse_cookie

from dastan.caching.middleware import entry_key, fresh_entry, hit_headers
from dastan.caching.policy import NEVER_CACHED, allowed_query_params, cache_enabled
from dastan.core.editions import edition_codes


def cached_entry(environ: dict) -> dict | None:
    """Return a fresh cached page for the WSGI request ENVIRON, or None to let Django answer."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not cache_enabled():
        return None
    host = environ.get("HTTP_HOST")
    if not host or "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
        return None
    from django.conf import settings

    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    # As WSGIRequest.path is built, so the key matches the one the middleware stored.
    path_info = (get_path_info(environ) or "/").replace("/", "", 1)
    path = f"{get_script_name(environ).rstrip('/')}/{path_info}"
    if path.startswith(NEVER_CACHED):
        return None
    edition = path.lstrip("/").split("/", 1)[0]
    if edition not in edition_codes():
        return None
    query = ""
    if environ.get("QUERY_STRING"):
        pairs = parse_qsl(environ["QUERY_STRING"], keep_blank_values=True)
        names = [name for name, _value in pairs]
        if len(set(names)) != len(names) or not set(names) <= set(allowed_query_params()):
            return None
        query = "&".join(f"{name}={value}" for name, value in sorted(pairs))
    key = entry_key(host, path, query, edition, environ.get("HTTP_ACCEPT_ENCODING", ""))
    return fresh_entry(key, time.time())


class CachedPagesApplication:
    """Wrap Django's WSGI application; serve fresh cached pages without entering Django."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        entry = cached_entry(environ)
        if entry is None:
            return self.application(environ, start_response)
        start_response("200 OK", hit_headers(entry, time.time()))
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else entry["body"]]
