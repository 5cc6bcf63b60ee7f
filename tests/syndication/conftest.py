import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from dastan.publishing.models import Article
from tests import builders


def png_bytes(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def newsroom(db, media_root):
    """Three live English articles (one with a lead image), one Russian translation, a draft and a
    scheduled article under the same tag, section and author: the last two must never show."""
    tag = builders.tag(name="Water dispute", slug="water-dispute", kind="topic",
                       name_translations={"ru": "Водный спор"})
    person = builders.tag(name="Aziz Nurov", slug="aziz-nurov", kind="person")
    section = builders.section(name="Economy", slug="economy", name_translations={"ru": "Экономика"})
    author = builders.author(name="Aida Karimova", slug="aida-karimova")
    live = [
        builders.article(headline=f"Live story {i}", tags=[tag], section=section, authors=[author],
                         ago=datetime.timedelta(hours=i * 30))
        for i in (1, 2, 3)
    ]
    lead = live[0]
    lead.image.save("lead.png", ContentFile(png_bytes()), save=False)
    lead.image_alt = "A dry canal"
    lead.image_caption = "The canal in August"
    lead.tags.add(person)
    lead.save()
    ru = builders.article(edition="ru", headline="Живая история", translation_key=lead.translation_key,
                          tags=[tag], section=section, authors=[author])
    secret_tag = builders.tag(name="Secret merger", slug="secret-merger")
    ghost = builders.author(name="Ghost Writer", slug="ghost-writer")
    draft = builders.article(headline="Secret draft", slug="secret-draft", status=Article.Status.DRAFT,
                             tags=[tag, secret_tag], section=section, authors=[author, ghost])
    scheduled = builders.article(headline="Embargoed story", slug="embargoed",
                                 published_at=timezone.now() + datetime.timedelta(days=1),
                                 tags=[tag, secret_tag], section=section, authors=[author, ghost])
    return {"tag": tag, "person": person, "section": section, "author": author, "live": live, "lead": lead,
            "ru": ru, "hidden": [draft, scheduled], "secret_tag": secret_tag, "ghost": ghost}
