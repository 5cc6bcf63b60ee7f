"""Conditional GET for feeds: one cheap aggregate gives the ETag and Last-Modified, so readers
polling an unchanged feed get 304 Not Modified without the feed being built."""

import datetime
import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import condition

from dastan.core.editions import current_edition
from dastan.syndication.scopes import FeedScope, scope_for

_CACHE_ATTR = "_syndication_feed_state"


def request_scope(request: HttpRequest, kind: str, slug: str | None) -> FeedScope:
    """Return the scope of this request's feed, looked up once per request."""
    cached = getattr(request, "_syndication_scope", None)
    if cached is None:
        cached = scope_for(kind, current_edition(), slug)
        request._syndication_scope = cached
    return cached


def feed_state(request: HttpRequest, kind: str, slug: str | None) -> tuple[str, datetime.datetime | None]:
    """Return (ETag, Last-Modified) of the feed this request asks for, with one query.

    The count is in the ETag because unpublishing an article lowers it while no date moves.
    """
    if not hasattr(request, _CACHE_ATTR):
        scope = request_scope(request, kind, slug)
        facts = scope.articles.aggregate(
            updated=Max("updated_at"), published=Max("published_at"), n=Count("id")
        )
        dates = [d for d in (facts["updated"], facts["published"]) if d is not None]
        fingerprint = "|".join(str(part) for part in (
            scope.key, get_language(), facts["n"], *dates,
            settings.DASTAN_FEED_FULL_TEXT, settings.DASTAN_FEED_ITEMS, request.path,
        ))
        etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
        setattr(request, _CACHE_ATTR, (etag, max(dates) if dates else None))
    return getattr(request, _CACHE_ATTR)


def conditional_feed(kind: str) -> Callable:
    """Decorate a feed view so an unchanged feed answers 304 to If-None-Match / If-Modified-Since."""

    def decorator(view: Callable) -> Callable:
        def etag(request, slug=None):
            return feed_state(request, kind, slug)[0]

        def last_modified(request, slug=None):
            return feed_state(request, kind, slug)[1]

        @functools.wraps(view)
        def wrapped(request, slug=None) -> HttpResponse:
            return view(request, slug=slug) if slug is not None else view(request)

        return condition(etag_func=etag, last_modified_func=last_modified)(wrapped)

    return decorator
