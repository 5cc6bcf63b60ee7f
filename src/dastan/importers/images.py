"""Fetch a featured image from the old site (only with --download-images)."""

import io
import posixpath
import urllib.request
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 20 * 1024 * 1024
TIMEOUT = 15  # seconds
USER_AGENT = "Dastan-WordPress-import/1.0"


class ImageFetchError(Exception):
    """The image could not be fetched or is not an image; the message says why."""


def fetch_image(url: str) -> ContentFile:
    """Return the image at URL (http or https) as a named file, checked to be a real image."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ImageFetchError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - scheme checked
            data = response.read(MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError) as error:
        raise ImageFetchError(f"cannot fetch {url}: {error}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageFetchError(f"{url} is larger than {MAX_IMAGE_BYTES // 1024 // 1024} MB")
    try:
        Image.open(io.BytesIO(data)).verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ImageFetchError(f"{url} is not an image: {error}") from None
    name = posixpath.basename(unquote(parts.path)) or "image"
    return ContentFile(data, name=name)
