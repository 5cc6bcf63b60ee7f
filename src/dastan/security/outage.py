"""Serve a 503 instead of a 500 when the database is away; the next request reconnects by itself."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from dastan.core.views import server_error as core_server_error

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def database_unavailable() -> HttpResponse:
    """Return the branded 503 page; it renders without touching the database."""
    body = loader.get_template("security/503.html").render({"site_name": settings.SITE_NAME})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """Handle an uncaught exception: 503 if the database went away, else the usual 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        # Django closes the broken connection at the end of this request (CONN_HEALTH_CHECKS and
        # errors_occurred), so the first request after the database returns succeeds.
        logger.warning("Database unavailable: %s", exc)
        return database_unavailable()
    return core_server_error(request)
