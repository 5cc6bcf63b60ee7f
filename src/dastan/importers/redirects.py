"""Answer old WordPress addresses with a permanent redirect to the imported article."""

from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from dastan.publishing.models import Article

# WordPress answers these on its front page whatever the permalink structure.
ID_QUERY_KEYS = ("p", "page_id")


def old_path_of(url: str) -> str:
    """Return the redirect key of URL: its decoded path, plus ``?p=N`` or its whole query."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path) or "/"
    return key_for(path, parts.query)


def key_for(path: str, query: str) -> str:
    """Return the redirect key of PATH and raw QUERY (the form Redirect.old_path stores)."""
    if not query:
        return path
    if path == "/":
        params = parse_qs(query)
        for key in ID_QUERY_KEYS:
            if params.get(key, [""])[0].isdigit():
                return f"/?{key}={params[key][0]}"
    return f"{path}?{query}"


def candidates(request: HttpRequest) -> list[str]:
    """Return the keys REQUEST could be stored under: with and without its query and final slash."""
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    paths = [path, path[:-1] if path.endswith("/") and len(path) > 1 else path + "/"]
    keys = [key_for(p, query) for p in paths] if query else []
    return list(dict.fromkeys([*keys, *paths]))


def find_target(request: HttpRequest) -> str | None:
    """Return the URL of the published article REQUEST's old address points to, if any."""
    keys = candidates(request)
    if any("\x00" in key for key in keys):  # no stored path has one, and PostgreSQL refuses them
        return None
    # One indexed query; drafts and scheduled articles keep their 404 until they go live.
    article = (
        Article.objects.published()
        .filter(redirects__old_path__in=keys)
        .only("id", "edition", "slug")
        .first()
    )
    return article.get_absolute_url() if article else None


def is_front_page_id(request: HttpRequest) -> bool:
    """Return whether REQUEST is WordPress's ``/?p=N`` or ``/?page_id=N``."""
    return request.path == "/" and any(key in request.GET for key in ID_QUERY_KEYS)


class LegacyRedirectMiddleware:
    """Redirect old WordPress URLs (301) where the site itself has nothing to show.

    Only two kinds of request pay for the lookup: a 404, and the front page with ``?p=``/``?page_id=``
    (which must win over the redirect from ``/`` to the default edition).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_front_page_id(request):
            target = find_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = find_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
