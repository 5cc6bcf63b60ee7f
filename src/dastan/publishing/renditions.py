"""Responsive renditions of lead images: a few widths in WebP and JPEG, made once, kept on disk.

A rendition's file name carries a digest of the source's name and modification time, so a replaced
image gets new renditions and old pages never show a stale one. Files are written to a temporary
name and renamed into place, so a reader never receives a half-written image, and two processes
making the same rendition at once both end with the same complete file.
"""

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

# Widths (CSS pixels at 1x up to 2x on phones) a lead image is offered in; never upscaled.
WIDTHS = (320, 640, 960, 1280)
# (format, file extension, MIME type, Pillow save options); the last one is the <img> fallback.
FORMATS = (
    ("WEBP", "webp", "image/webp", {"quality": 78, "method": 4}),
    ("JPEG", "jpg", "image/jpeg", {"quality": 80, "optimize": True, "progressive": True}),
)
FOLDER = "renditions"


def unreadable() -> tuple[type[Exception], ...]:
    """Return the errors of images Pillow refuses to open, or that are not images at all.

    Pillow is imported only when a rendition is made: a page whose renditions exist reads their
    size file, so reader workers never load it.
    """
    from PIL import Image

    return (OSError, ValueError, SyntaxError, Image.DecompressionBombError)


@dataclass(frozen=True)
class Source:
    """One format's set of renditions, ready for a <source> or <img> srcset."""

    mime: str
    srcset: str
    fallback_url: str


@dataclass(frozen=True)
class Picture:
    """Everything a template needs for a responsive <picture>: sources, fallback, intrinsic size."""

    sources: tuple[Source, ...]
    width: int
    height: int

    @property
    def fallback(self) -> Source:
        return self.sources[-1]


def _digest(name: str, path: Path) -> str:
    stamp = f"{name}:{path.stat().st_mtime_ns}"
    return hashlib.sha256(stamp.encode()).hexdigest()[:12]


def _targets(size: tuple[int, int]) -> list[tuple[int, int]]:
    """Return the (width, height) pairs to make for an image of SIZE, largest last."""
    width, height = size
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    return [(w, max(1, round(height * w / width))) for w in dict.fromkeys(widths)]


def _write_atomically(target: Path, write) -> None:
    """Call WRITE(file) on a temporary file beside TARGET, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _open_upright(path: Path):
    from PIL import Image, ImageOps

    with Image.open(path) as raw:
        raw.seek(0)  # the first frame of an animation
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale: far faster for a camera's 6000 px photo,
        # and still at least as large as the widest rendition.
        raw.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))
        image = ImageOps.exif_transpose(raw)
        if image.mode not in ("RGB", "L"):
            # JPEG has no transparency: lay the image on white, as it would appear on the page.
            rgba = image.convert("RGBA")
            image = Image.new("RGB", rgba.size, "white")
            image.paste(rgba, mask=rgba.getchannel("A"))
        else:
            image = image.convert("RGB")
    return image


def _make(path: Path, folder: Path, stem: str) -> tuple[int, int]:
    """Write every missing rendition of PATH into FOLDER; return the upright source size."""
    from PIL import Image

    image = _open_upright(path)
    for width, height in _targets(image.size):
        resized = None
        for fmt, ext, _mime, options in FORMATS:
            target = folder / f"{stem}-{width}.{ext}"
            if target.exists():
                continue
            resized = resized or image.resize((width, height), Image.Resampling.LANCZOS)
            _write_atomically(target, lambda out, im=resized, f=fmt, o=options: im.save(out, f, **o))
    return image.size


def picture(image: FieldFile | None) -> Picture | None:
    """Return the responsive renditions of IMAGE, making any that are missing; None if unusable.

    A missing or unreadable file is logged and gives None, so the page renders without the image.
    """
    if not image or not image.name:
        return None
    try:
        path = Path(image.path)
        digest = _digest(image.name, path)
    except (OSError, NotImplementedError, ValueError):
        logger.warning("Lead image %s is missing from storage", image.name)
        return None
    relative = PurePosixPath(FOLDER) / digest[:2]
    folder = Path(settings.MEDIA_ROOT) / relative
    stem = f"{Path(image.name).stem[:60]}-{digest}"
    size_file = folder / f"{stem}.size"
    try:
        # The size file is written last: its presence means every rendition is on disk.
        width, height = (int(n) for n in size_file.read_text().split("x"))
    except (OSError, ValueError):
        try:
            width, height = _make(path, folder, stem)
            _write_atomically(size_file, lambda out: out.write(f"{width}x{height}".encode()))
        except unreadable():
            # Readers get the page without the image; so too if the media folder is unwritable.
            logger.warning("Renditions of %s cannot be made", image.name, exc_info=True)
            return None
    # Quoted: a comma or space in a file name would otherwise break the srcset list.
    base = settings.MEDIA_URL + str(relative) + "/" + quote(stem)
    targets = _targets((width, height))
    sources = tuple(
        Source(
            mime=mime,
            srcset=", ".join(f"{base}-{w}.{ext} {w}w" for w, _h in targets),
            fallback_url=f"{base}-{targets[-1][0]}.{ext}",
        )
        for _fmt, ext, mime, _options in FORMATS
    )
    return Picture(sources=sources, width=targets[-1][0], height=targets[-1][1])


def prepare(sender, instance, **kwargs) -> None:
    """Make the renditions of a saved article's lead image now, so no reader waits for them.

    Connected to Article's post_save. The page path makes any that are missing anyway, so a
    failure here is logged and never stops the save.
    """
    if not instance.image:
        return
    try:
        picture(instance.image)
    except Exception:  # noqa: BLE001 - a warm-up must not turn a good save into an error
        logger.exception("Renditions of %s could not be prepared", instance.image.name)
