"""WSGI entry point: ``gunicorn dastan.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
django_application = get_wsgi_application()

from dastan.caching.wsgi import CachedPagesApplication  # noqa: E402 - needs the settings above

# Cached pages are answered before Django builds a request (docs/performance.md).
application = CachedPagesApplication(django_application)
