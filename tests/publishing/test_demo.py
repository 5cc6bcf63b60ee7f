import io

import pytest
from PIL import Image

from dastan.publishing import demo
from dastan.publishing.models import Article
from tests import builders

pytestmark = pytest.mark.django_db


def test_illustration_is_a_jpeg_of_the_asked_size_and_differs_by_seed():
    first = demo.illustration(1, size=(640, 360))
    with Image.open(io.BytesIO(first)) as image:
        assert (image.format, image.size) == ("JPEG", (640, 360))
    assert demo.illustration(1, size=(640, 360)) == first
    assert demo.illustration(2, size=(640, 360)) != first


def test_load_pictures_the_newest_stories_and_their_translations_once(media_root, monkeypatch):
    monkeypatch.setattr(demo, "ILLUSTRATED", 2)
    monkeypatch.setattr(demo, "SIZE", (320, 180))
    old = builders.article(ago=None, headline="Old")
    new = [builders.article(headline=f"New {i}") for i in range(2)]
    ru = builders.article(edition="ru", translation_key=new[1].translation_key)
    builders.article(status=Article.Status.DRAFT)
    before = {a.pk: a.updated_at for a in Article.objects.all()}
    demo.load()
    pictured = {a.headline: a for a in Article.objects.exclude(image="")}
    assert all(a.updated_at == before[a.pk] for a in pictured.values()), "not shown as updated"
    assert set(pictured) == {"New 0", "New 1", ru.headline}
    assert pictured[ru.headline].image.name == pictured["New 1"].image.name
    assert pictured[ru.headline].image_alt.startswith("Рисунок")
    assert pictured["New 0"].image_width == 320
    demo.load()  # the demo runs it on every start: the second time it does nothing
    assert Article.objects.exclude(image="").count() == 3 and not Article.objects.get(pk=old.pk).image
