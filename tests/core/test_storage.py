"""The static storage: hashed names from the manifest, looked up once per process."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from dastan.core.storage import StaticStorage


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """Collect the static files once for the module: compressing them takes 10-40 s."""
    tmp_path = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=str(tmp_path), STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "dastan.core.storage.StaticStorage"}}):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield tmp_path


def test_urls_are_whitenoise_hashed_names(collected):
    ours, theirs = StaticStorage(location=collected), CompressedManifestStaticFilesStorage(location=collected)
    url = ours.url("dastan/site.css")
    assert url == theirs.url("dastan/site.css")
    assert url.startswith("/static/dastan/site.") and url.endswith(".css")
    assert url != "/static/dastan/site.css"
    assert (collected / url.removeprefix("/static/")).is_file()


def test_a_url_is_computed_once(collected):
    storage = StaticStorage(location=collected)
    first = storage.url("dastan/site.css")
    storage.hashed_files.clear()  # a second manifest lookup would now find nothing
    assert storage.url("dastan/site.css") == first


def test_an_unknown_file_is_an_error_every_time(collected):
    storage = StaticStorage(location=collected)
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("dastan/no-such-file.css")


def test_debug_reads_the_manifest_every_time(collected):
    storage = StaticStorage(location=collected)
    with override_settings(DEBUG=True):
        storage.url("dastan/site.css")
        assert storage._urls == {}
