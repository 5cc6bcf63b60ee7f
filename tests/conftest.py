import pytest
from django.core.cache import caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache, so cached navigation or pages never leak between tests."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Leave Django's default language active after each test: a request to a /ru/ page activates
    Russian for the thread, and a later test calling code outside a request would inherit it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Render every page for real (the page cache would make query counts pass vacuously)."""
    settings.DASTAN_PAGE_CACHE = False


@pytest.fixture
def fragment_cache(settings, monkeypatch):
    """Cache page fragments; writes made before a request count as before it, to the microsecond."""
    from dastan.caching import keys

    settings.DASTAN_FRAGMENT_CACHE = True
    monkeypatch.setattr(keys, "CLOCK_MARGIN_SECONDS", 0.0)
    return settings


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
