import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from dastan.search.backends import _load, get_backend


@pytest.mark.django_db
def test_the_backend_is_chosen_by_database_vendor(settings):
    settings.DASTAN_SEARCH_BACKEND = ""
    expected = {"sqlite": "sqlite-fts5", "postgresql": "postgresql"}[connection.vendor]
    assert get_backend().name == expected


@pytest.mark.parametrize("path, says", [
    ("dastan.search.backends.nope.Backend", "cannot be imported"),
    ("dastan.search.query.parse", "is not a SearchBackend subclass"),
])
def test_a_bad_backend_setting_says_how_to_fix_it(settings, path, says):
    settings.DASTAN_SEARCH_BACKEND = path
    with pytest.raises(ImproperlyConfigured, match=says) as info:
        get_backend()
    assert "leave it empty" in str(info.value)


def test_an_unknown_database_falls_back_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="dastan.search"):
        backend = _load("", "oracle")
    assert backend.name == "fallback"
    assert "substring fallback" in caplog.text
