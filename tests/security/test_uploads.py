"""Lead images and author photos: images only, within limits, stored without metadata."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html
from PIL import ExifTags, Image

from dastan.publishing.models import Article, Author
from dastan.publishing.roles import EDITOR
from tests import builders
from tests.publishing.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    """Return a JPEG carrying the photographer's GPS position and camera in its EXIF."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (42.0, 52.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (74.0, 36.0, 10.0)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "JPEG", exif=exif, comment=b"secret note")
    return out.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims WIDTH×HEIGHT pixels: a decompression bomb's shape."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture
def editor_client(client):
    client.force_login(builders.user(EDITOR))
    return client


def upload(client, article, name, content, content_type="image/jpeg"):
    data = form_data(article, image_alt="A photo")
    data["image"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(change_url(article), data)


def errors(response) -> str:
    doc = html.fromstring(response.content.decode())
    return " ".join(doc.xpath("//*[contains(@class,'errorlist')]//text()"))


def test_gps_exif_is_stripped_before_the_image_is_stored(editor_client, media_root):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test has teeth
    article = builders.article()
    response = upload(editor_client, article, "IMG_0001.jpg", original)
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    stored = (media_root / article.image.name).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (64, 48) == (article.image_width, article.image_height)
    assert not image.getexif() and b"Exif" not in stored and b"secret note" not in stored
    assert "exif" not in image.info and "comment" not in image.info


def test_an_author_photo_is_stripped_too(editor_client, media_root):
    author = builders.author(name="Aida", slug="aida")
    response = editor_client.post(f"/admin/publishing/author/{author.pk}/change/", {
        "name": "Aida", "slug": "aida", "bio": "", "user": "",
        "photo": SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")})
    assert response.status_code == 302, errors(response)
    author.refresh_from_db()
    with Image.open(media_root / author.photo.name) as photo:
        assert not photo.getexif()


def bmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "BMP")
    return out.getvalue()


# Django's image field refuses what Pillow cannot open at all; Dastan's check refuses the rest.
NOT_AN_IMAGE = "Upload a valid image"


@pytest.mark.parametrize("name,content,message", [
    ("page.jpg", b"<html><script>alert(1)</script></html>", NOT_AN_IMAGE),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', NOT_AN_IMAGE),
    ("logo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', NOT_AN_IMAGE),
    ("truncated.jpg", jpeg_with_gps()[:200], NOT_AN_IMAGE),
    ("bomb.png", png_header_claiming(9_000, 9_000), "9000×9000 pixels; the limit is 40 megapixels"),
    ("huge-bomb.png", png_header_claiming(100_000, 100_000), NOT_AN_IMAGE),
    ("tiff.jpg", b"II*\x00" + b"\x00" * 100, NOT_AN_IMAGE),
    ("bitmap.jpg", bmp(), "not a JPEG, PNG, WebP or GIF image"),
])
def test_what_is_not_a_safe_image_is_refused_with_a_reason(editor_client, media_root, name, content, message):
    article = builders.article()
    response = upload(editor_client, article, name, content)
    assert response.status_code == 200
    assert message in errors(response)
    article.refresh_from_db()
    assert not article.image
    assert not any(p.is_file() for p in media_root.rglob("*")) if media_root.exists() else True


def test_size_and_pixel_limits_come_from_settings(editor_client, media_root, settings):
    article = builders.article()
    settings.DASTAN_UPLOAD_MAX_BYTES = 1000
    big = io.BytesIO()
    Image.effect_noise((100, 100), 50).convert("RGB").save(big, "JPEG", quality=95)
    assert "the limit is" in errors(upload(editor_client, article, "big.jpg", big.getvalue()))
    settings.DASTAN_UPLOAD_MAX_BYTES = 10_000_000
    settings.DASTAN_UPLOAD_MAX_PIXELS = 100 * 99
    assert "100×100 pixels" in errors(upload(editor_client, article, "big.jpg", big.getvalue()))
    settings.DASTAN_UPLOAD_MAX_PIXELS = 100 * 100
    assert upload(editor_client, article, "big.jpg", big.getvalue()).status_code == 302


def test_a_polyglot_keeps_only_its_pixels(editor_client, media_root):
    """A valid JPEG with HTML appended is re-encoded: the HTML never reaches the media folder."""
    polyglot = jpeg_with_gps() + b"<html><script>alert(document.cookie)</script></html>"
    article = builders.article()
    assert upload(editor_client, article, "x.jpg", polyglot).status_code == 302
    article.refresh_from_db()
    stored = (media_root / article.image.name).read_bytes()
    assert b"<script" not in stored and stored.startswith(b"\xff\xd8")


def test_a_gif_is_stored_as_png_and_the_name_follows_the_content(editor_client, media_root):
    gif = io.BytesIO()
    Image.new("P", (10, 10)).save(gif, "GIF")
    article = builders.article()
    assert upload(editor_client, article, "anim.jpg", gif.getvalue(), "image/gif").status_code == 302
    article.refresh_from_db()
    assert article.image.name.endswith(".png")
    with Image.open(media_root / article.image.name) as stored:
        assert stored.format == "PNG"


def test_saving_in_code_cleans_or_refuses_too(media_root):
    """Importers and scripts that bypass the admin still get cleaned files, or a clear error."""
    author = Author(name="Code", slug="code")
    author.photo = ContentFile(jpeg_with_gps(), name="p.jpg")
    author.save()
    with Image.open(media_root / author.photo.name) as photo:
        assert not photo.getexif()
    article = Article(edition="en", headline="H", slug="h")
    article.image = ContentFile(b"<script>", name="x.jpg")
    with pytest.raises(ValidationError):
        article.save()
    assert not Article.objects.filter(slug="h").exists()
