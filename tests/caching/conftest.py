import pytest

from dastan.caching import keys


@pytest.fixture
def page_cache(settings, monkeypatch):
    """Turn the full-page cache on; purges made before a request count as before it, to the microsecond."""
    settings.DASTAN_PAGE_CACHE = True
    monkeypatch.setattr(keys, "CLOCK_MARGIN_SECONDS", 0.0)
    return settings
