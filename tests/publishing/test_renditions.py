"""Lead-image renditions: made once on disk, never upscaled, and a broken image never breaks a page."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html
from PIL import Image

from dastan.publishing import renditions
from tests import builders

pytestmark = pytest.mark.django_db


def jpeg(size=(1600, 900), color=(120, 80, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", **save)
    return out.getvalue()


def with_image(data: bytes, name: str = "photo.jpg", **kw):
    """Return an article with DATA uploaded as its lead image, as the admin form stores it."""
    article = builders.article(image_alt="A street in Osh", **kw)
    article.image = SimpleUploadedFile(name, data)
    article.save()
    return article


def files(media_root) -> dict:
    folder = media_root / renditions.FOLDER
    return {p.name: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_renditions_come_in_each_width_and_format(media_root):
    picture = renditions.picture(with_image(jpeg()).image)
    webp, fallback = picture.sources
    assert (webp.mime, fallback.mime) == ("image/webp", "image/jpeg")
    assert [c.split()[-1] for c in webp.srcset.split(", ")] == ["320w", "640w", "960w", "1280w"]
    assert (picture.width, picture.height) == (1280, 720)
    for url in [c.split()[0] for s in picture.sources for c in s.srcset.split(", ")]:
        path = media_root / url.removeprefix("/media/")
        with Image.open(path) as made:
            assert made.format == ("WEBP" if url.endswith(".webp") else "JPEG")
            assert made.width == int(url.rsplit("-", 1)[1].split(".")[0])
    assert not list(media_root.rglob("*.part")), "no temporary file is left behind"


def test_small_images_are_never_upscaled(media_root):
    picture = renditions.picture(with_image(jpeg((500, 300))).image)
    assert [c.split()[-1] for c in picture.fallback.srcset.split(", ")] == ["320w", "500w"]
    assert (picture.width, picture.height) == (500, 300)


def test_renditions_are_made_once_and_remade_when_the_image_changes(media_root):
    article = with_image(jpeg())
    first = renditions.picture(article.image)
    made = files(media_root)
    assert renditions.picture(article.image) == first
    assert files(media_root) == made, "the second call wrote nothing"
    # Replacing the file in place (same name, new contents) gives new renditions, never stale ones.
    path = article.image.path
    with open(path, "wb") as out:
        out.write(jpeg(color=(10, 200, 10)))
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert renditions.picture(article.image).fallback.srcset != first.fallback.srcset


def test_rotated_photos_are_stood_upright(media_root):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; the pixels lie on their side.
    picture = renditions.picture(with_image(jpeg((1200, 800), exif=exif.tobytes())).image)
    assert (picture.width, picture.height) == (800, 1200)


def test_transparent_png_gets_a_white_background_in_jpeg(media_root):
    out = io.BytesIO()
    Image.new("RGBA", (400, 200), (0, 0, 0, 0)).save(out, "PNG")
    picture = renditions.picture(with_image(out.getvalue(), name="logo.png").image)
    url = picture.fallback.fallback_url
    with Image.open(media_root / url.removeprefix("/media/")) as made:
        assert made.mode == "RGB" and made.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize("damage", ["not an image", "missing file"])
def test_a_broken_image_leaves_the_page_working_without_it(client, media_root, damage, caplog):
    article = with_image(jpeg())
    if damage == "missing file":
        os.remove(article.image.path)
    else:
        with open(article.image.path, "wb") as out:
            out.write(b"<html>this upload was never a photo</html>")
    for url in (article.get_absolute_url(), "/en/"):
        response = client.get(url)
        assert response.status_code == 200
        assert html.fromstring(response.content).xpath("//picture | //img") == []
    assert "Lead image" in caplog.text or "Renditions of" in caplog.text


def test_article_and_front_page_mark_up_the_renditions(client, media_root):
    article = with_image(jpeg(), image_caption="Osh at dawn", image_credit="A. Photographer",
                         section=builders.section())
    builders.article()  # a newer lead story, so the pictured one heads its section's block
    doc = html.fromstring(client.get(article.get_absolute_url()).content)
    img = doc.xpath("//figure[@class='lead-image']//img")[0]
    assert (img.get("width"), img.get("height"), img.get("alt")) == ("1280", "720", "A street in Osh")
    assert (img.get("loading"), img.get("fetchpriority")) == ("eager", "high")
    assert doc.xpath("//figure[@class='lead-image']//source/@type") == ["image/webp"]
    assert "A. Photographer" in doc.xpath("string(//figcaption)")
    home = html.fromstring(client.get("/en/").content)
    below = home.xpath("//section[@class='section-block']//img")
    assert [i.get("loading") for i in below] == ["lazy"]


def test_listing_thumbnails_load_lazily(client, media_root):
    t = builders.tag(slug="water")
    with_image(jpeg(), tags=[t])
    doc = html.fromstring(client.get("/en/tag/water/").content)
    img = doc.xpath("//article[contains(@class,'card')]//img")[0]
    assert img.get("loading") == "lazy" and img.get("width") == "1280"
    assert "320w" in img.get("srcset")


def test_articles_without_images_have_no_picture(client):
    article = builders.article()
    doc = html.fromstring(client.get(article.get_absolute_url()).content)
    assert doc.xpath("//picture | //figure") == []


def test_saving_an_article_prepares_its_renditions(media_root):
    """The upload makes the renditions, so the first reader does not wait for Pillow."""
    with_image(jpeg())
    made = sorted(name.rsplit("-", 1)[-1] for name in files(media_root) if not name.endswith(".size"))
    assert made == ["1280.jpg", "1280.webp", "320.jpg", "320.webp", "640.jpg", "640.webp",
                    "960.jpg", "960.webp"]
    assert len([name for name in files(media_root) if name.endswith(".size")]) == 1


def test_an_image_damaged_on_disk_is_logged_and_left_out(media_root, caplog):
    # A broken upload is refused when it is saved (tests/security); a file damaged on disk
    # afterwards must still not break the page.
    article = with_image(jpeg(color=(10, 120, 10)), name="damaged.jpg")
    path = article.image.path
    with open(path, "wb") as out:
        out.write(b"GIF89a but not really")
    os.utime(path, ns=(1, 1))  # a new modification time: the renditions must be made again
    assert renditions.picture(article.image) is None
    assert "Renditions of" in caplog.text


def test_file_names_are_safe_in_srcset_and_same_names_do_not_collide(media_root):
    first = with_image(jpeg(color=(200, 0, 0)), name="Ош, рынок.jpg")
    second = with_image(jpeg(color=(0, 0, 200)), name="Ош, рынок.jpg")
    a, b = renditions.picture(first.image), renditions.picture(second.image)
    assert a.fallback.srcset != b.fallback.srcset
    for candidate in a.fallback.srcset.split(", "):
        url, width = candidate.split(" ")
        assert url.isascii() and width.endswith("w")
