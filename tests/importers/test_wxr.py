"""The WXR reader: what it hands out, and that it never holds the whole file."""

import io

import pytest

from dastan.importers.wxr import WxrAuthor, WxrError, WxrItem, WxrReader, WxrSite, WxrTerm, read_wxr
from tests.importers.conftest import FIXTURES


def test_reads_site_authors_terms_and_items_in_order():
    objects = list(read_wxr(str(FIXTURES / "wxr-1.2.xml")))
    assert objects[0] == WxrSite(base_url="https://old.example.org", version="1.2")
    assert [type(o).__name__ for o in objects[1:7]] == ["WxrAuthor"] * 2 + ["WxrTerm"] * 4
    assert objects[1] == WxrAuthor("aida", "Aida Karimova", objects[1].line)
    vybory = "%d0%b2%d1%8b%d0%b1%d0%be%d1%80%d1%8b"
    assert objects[6] == WxrTerm("post_tag", vybory, "Выборы", objects[6].line)
    items = [o for o in objects if isinstance(o, WxrItem)]
    assert [i.post_id for i in items][:3] == ["101", "102", "103"]
    first = items[0]
    assert first.line == 31
    assert first.meta == {"_thumbnail_id": "150"}  # _edit_last and the like are dropped
    assert first.terms[:2] == [("category", "news", "News"), ("category", "economy", "Economy")]
    assert first.excerpt.startswith("<p>The budget &amp; what")


def test_wxr_1_1():
    objects = list(read_wxr(str(FIXTURES / "wxr-1.1.xml")))
    assert objects[0] == WxrSite(base_url="http://courier.example.net", version="1.1")
    assert objects[-1].excerpt == "Forty players, three countries."


def widest_channel(n_items: int) -> int:
    """Return the most elements the <channel> held at once while N_ITEMS items were read."""
    items = "".join(
        f"<item><title>T{n}</title><wp:post_id>{n}</wp:post_id>"
        f"<content:encoded>{'x' * 1000}</content:encoded></item>" for n in range(n_items)
    )
    data = (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>"
    ).encode()
    reader = WxrReader(io.BytesIO(data))
    seen, widest = 0, 0
    for obj in reader:
        if isinstance(obj, WxrItem):
            assert obj.content == "x" * 1000
            seen += 1
            widest = max(widest, len(reader.channel))
    assert seen == n_items
    return widest


def test_items_are_freed_as_they_are_read():
    """What the channel holds is the parser's read-ahead (a few dozen items), whatever the file's length."""
    assert widest_channel(200) == widest_channel(5000) < 100


def test_an_export_with_no_items_is_valid():
    data = b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://a.example</link></channel></rss>'
    assert list(read_wxr(io.BytesIO(data))) == [WxrSite(base_url="https://a.example", version="1.2")]


@pytest.mark.parametrize("name", ["bomb.xml", "xxe.xml"])
def test_dtd_is_refused(name):
    with pytest.raises(WxrError, match="declares a DTD or entities") as error:
        list(read_wxr(str(FIXTURES / name)))
    assert error.value.line == 1
