"""Static file storage: WhiteNoise's hashed, compressed files, with each URL looked up once."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed static files whose URLs are computed once per process.

    Every page asks for the same few URLs (`{% static %}` in base.html), and each answer is a
    manifest lookup, a quote and a urljoin: a few per cent of a page's time. The manifest does not
    change while a process runs (`dastan serve` collects static files before it starts workers),
    so neither do the answers. With DEBUG on, every call reads the manifest as Django does.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            found = self._urls[name] = super().url(name)
            return found
