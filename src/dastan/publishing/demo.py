"""Demo lead images: drawn here with Pillow (layered mountain ridges), clearly marked as illustrations.

The demo loader calls load() after the articles are in. The demo newsroom ships no photographs,
so a few of the newest articles get a drawn picture, which shows the responsive renditions at work.
"""

import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

ILLUSTRATED = 6  # newest stories (with their translations) that get a picture
SIZE = (1600, 900)
PALETTES = (
    ((28, 52, 84), (232, 167, 110), (48, 74, 98)),
    ((22, 60, 58), (214, 204, 150), (40, 88, 76)),
    ((64, 36, 64), (238, 150, 120), (92, 58, 88)),
    ((30, 42, 60), (176, 196, 214), (58, 76, 96)),
)


def _mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def illustration(seed: int, label: str = "Illustration", size: tuple[int, int] | None = None) -> bytes:
    """Return a JPEG of sky and mountain ridges drawn from SEED, with LABEL in a corner."""
    size = size or SIZE
    rng = random.Random(seed)
    dark, light, ridge = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):  # sky: dark at the top, light at the horizon
        draw.line([(0, y), (width, y)], fill=_mix(dark, light, min(1.0, y / (0.6 * height))))
    sun_x, sun_y, sun_r = rng.randint(width // 5, 4 * width // 5), rng.randint(height // 6, height // 3), 80
    sun = [sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r]
    draw.ellipse(sun, fill=_mix(light, (255, 244, 220), 0.6))
    for layer in range(4):  # ridges, nearer ones lower and darker
        base = height * (0.58 + 0.11 * layer)
        points, x = [(0, height)], 0
        while x <= width:
            points.append((x, base - rng.randint(0, int(height * (0.2 - 0.035 * layer)))))
            x += rng.randint(width // 14, width // 6)
        points += [(width, base), (width, height)]
        # Atmospheric perspective: far ridges fade towards the sky, near ones darken.
        far = _mix(light, ridge, 0.55)
        draw.polygon(points, fill=_mix(far, (14, 16, 22), 0.25 * layer))
    font = ImageFont.load_default(size=30)
    draw.text((28, height - 58), label, fill=(240, 240, 240), font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


# Alt text and caption per edition; other editions get the English ones.
TEXTS = {
    "en": ("Drawing of mountain ridges under an evening sky", "Illustration for the demo newsroom."),
    "ru": ("Рисунок: горные хребты под вечерним небом", "Иллюстрация для демонстрационной редакции."),
}


def load(stdout=None) -> None:
    """Give the newest demo stories a drawn lead image, shared by their translations; once."""
    from dastan.publishing.models import Article

    if Article.objects.exclude(image="").exists():  # done on an earlier start, or real photos exist
        return
    stories: list = []
    for article in Article.objects.published().filter(image="").order_by("-published_at", "-id"):
        if article.translation_key not in stories:
            stories.append(article.translation_key)
        if len(stories) == ILLUSTRATED:
            break
    for number, key in enumerate(stories):
        name = default_storage.save(f"articles/demo/illustration-{number + 1}.jpg",
                                    ContentFile(illustration(number)))
        width, height = SIZE
        for edition in Article.objects.filter(translation_key=key).values_list("edition", flat=True):
            alt, caption = TEXTS.get(edition, TEXTS["en"])
            # An update, not save(): adding a picture is not an edit readers should see as "Updated".
            Article.objects.filter(translation_key=key, edition=edition).update(
                image=name, image_width=width, image_height=height, image_alt=alt, image_caption=caption,
                image_credit="Dastan demo")
    if stdout:
        stdout.write(f"Demo illustrations added: {len(stories)}")
