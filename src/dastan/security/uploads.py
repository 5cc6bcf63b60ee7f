"""Uploaded images: proven to be images by decoding, within limits, and re-encoded without metadata.

Re-encoding is the defence that matters: it drops EXIF (a reporter's GPS position), comments and
anything appended to a valid image (an HTML or script "polyglot"), and only pixels survive.
"""

from __future__ import annotations

import io
import os
import warnings
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported by the functions that decode: saving an article without a new image, and
# every reader worker, never load it.

# Decoded formats accepted, and the format each is stored in (GIF keeps its first frame, as PNG).
STORED_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}

TOO_LARGE = _("The file is %(size)s MB; the limit is %(limit)s MB.")
NOT_AN_IMAGE = _("This file is not a JPEG, PNG, WebP or GIF image (SVG and other formats are not accepted).")
TOO_MANY_PIXELS = _("The image is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.")


def _open(file) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    file.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; treat both as a bomb.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ValidationError(TOO_MANY_PIXELS, code="pixels",
                                  params={"width": "?", "height": "?", "limit": _megapixels()}) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    return image


def _megapixels() -> str:
    return f"{settings.DASTAN_UPLOAD_MAX_PIXELS / 1_000_000:g}"


def check_image(file) -> Image.Image:
    """Return FILE decoded as an image, or raise ValidationError saying what is wrong with it."""
    size = getattr(file, "size", None)
    limit = settings.DASTAN_UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(TOO_LARGE, code="size",
                              params={"size": f"{size / 2**20:.1f}", "limit": f"{limit / 2**20:g}"})
    image = _open(file)
    if image.format not in STORED_FORMAT:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    width, height = image.size
    # Checked from the header, before decoding: a small file can claim billions of pixels.
    if width * height > settings.DASTAN_UPLOAD_MAX_PIXELS:
        raise ValidationError(TOO_MANY_PIXELS, code="pixels",
                              params={"width": width, "height": height, "limit": _megapixels()})
    try:
        image.verify()
        image = _open(file)  # verify() leaves the image unusable; open it again to decode it
        image.load()
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for broken data
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    return image


def reencode(file, name: str) -> ContentFile:
    """Return FILE checked and re-encoded with no metadata, named NAME with the right extension."""
    from PIL import ImageOps

    image = check_image(file)
    stored = STORED_FORMAT[image.format]
    image = ImageOps.exif_transpose(image)  # keep the photo upright once its EXIF is gone
    image.info = {}  # Pillow writes some metadata (a JPEG comment) back unless it is cleared
    if stored == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    elif stored != "JPEG" and image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGBA")
    out = io.BytesIO()
    options = {"quality": 88, "optimize": True} if stored in {"JPEG", "WEBP"} else {"optimize": True}
    image.save(out, stored, **options)  # no exif=, icc_profile= or pnginfo=: metadata is dropped
    stem = os.path.splitext(os.path.basename(name))[0] or "image"
    clean = ContentFile(out.getvalue(), name=stem + EXTENSION[stored])
    clean.dastan_reencoded = True
    return clean


def clean_upload(value):
    """Form-field hook: re-encode a newly uploaded image, or raise ValidationError."""
    if value and hasattr(value, "content_type"):  # a fresh upload, not the file already stored
        return reencode(value, value.name)
    return value


def reencode_field(instance, field_name: str) -> None:
    """Re-encode INSTANCE's image field FIELD_NAME before it is written, if it holds a new file.

    The admin forms already did this (and showed any error); this catches every other way in,
    such as an importer calling save(), which gets a ValidationError instead of a stored file.
    """
    field_file = getattr(instance, field_name)
    if not field_file or field_file._committed:
        return
    if getattr(field_file.file, "dastan_reencoded", False):
        return
    setattr(instance, field_name, reencode(field_file.file, field_file.name))
