"""--download-images fetches featured images (here from a loopback server); off by default."""

import http.server
import threading
from functools import partial

import pytest
from PIL import Image

from dastan.importers.models import ImportRecord
from tests.importers.conftest import FIXTURES, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def image_server(tmp_path):
    """Serve tmp_path/site on 127.0.0.1: a real PNG, and a .png that is really text."""
    site = tmp_path / "site"
    site.mkdir()
    Image.new("RGB", (40, 30), "teal").save(site / "yurt.png")
    (site / "notes.png").write_text("not an image")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def export(tmp_path, image_server):
    text = (FIXTURES / "featured-images.xml").read_text(encoding="utf-8").replace("IMAGES", image_server)
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return path


def article(post_id):
    return ImportRecord.objects.get(post_id=post_id, kind="post").article


def test_images_are_not_downloaded_by_default(export, media_root):
    run_import(export)
    assert not article(1).image
    assert ImportRecord.objects.get(post_id=1, kind="post").image_url.endswith("/yurt.png")


def test_download_images(export, media_root):
    result = run_import(export, "--download-images")
    assert result.status == 0, result.err
    yurt = article(1)
    assert (yurt.image_width, yurt.image_height) == (40, 30)
    assert yurt.image_alt == "A yurt on the jailoo"
    assert (media_root / yurt.image.name).exists()
    # Failures are reported, the URL is kept, and the article is imported all the same.
    assert not article(2).image and not article(3).image
    assert "post 2: featured image not downloaded (cannot fetch" in result.err
    assert "post 3: featured image not downloaded (" in result.err and "is not an image" in result.err
    assert ImportRecord.objects.get(post_id=3, kind="post").image_url.endswith("/notes.png")


def test_downloaded_image_is_kept_on_a_second_import(export, media_root):
    run_import(export, "--download-images")
    version = article(1).version
    again = run_import(export, "--download-images")
    assert "created 0, updated 0" in again.out
    assert article(1).version == version
