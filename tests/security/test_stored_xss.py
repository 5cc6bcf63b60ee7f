"""Hostile markup stored anywhere an editor can type never reaches a reader's browser as active content.

Each payload from fixtures/xss_payloads.txt (script tags, event handlers, javascript:/data: URLs
entity-encoded and mixed-case, CSS expression(), SVG and MathML tricks, iframe srcdoc) goes into
every stored field a page shows; the real pages are rendered and parsed back with lxml.
"""

import json
import re
from pathlib import Path

import pytest
from lxml import html
from PIL import Image

from dastan.publishing.models import Article
from dastan.publishing.roles import EDITOR
from tests import builders

pytestmark = pytest.mark.django_db
PAYLOAD_FILE = Path(__file__).parent / "fixtures" / "xss_payloads.txt"
PAYLOADS = [line for line in PAYLOAD_FILE.read_text().splitlines() if line.strip()]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "data", "poster",
                  "srcset", "cite", "longdesc", "lowsrc", "dynsrc", "ping"}
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
# Data blocks the browser never runs; they must still parse (no breaking out with "</script>").
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def assert_inert(content: bytes, where: str) -> None:
    """Fail if the HTML page CONTENT holds anything a browser would run."""
    doc = html.fromstring(content)
    for script in doc.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind in DATA_SCRIPT_TYPES:
            json.loads(script.text or "null")
        else:
            assert (script.get("src") or "").startswith("/static/") and not script.text, (
                where, html.tostring(script)[:200])
    for tag in ("iframe", "object", "embed", "frame", "base", "applet", "math", "style"):
        assert not doc.xpath(f"//{tag}"), (where, tag)
    # The only form is the site's own search box, posting to the site's own search page.
    forms = doc.xpath("//form")
    assert all(f.get("class") == "site-search" and re.fullmatch(r"/\w+/search/", f.get("action") or "")
               for f in forms), (where, "form")
    assert len(forms) <= 1, (where, "form")
    assert not doc.xpath("//meta[@http-equiv]"), where
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            name = name.lower()
            assert not name.startswith("on"), (where, element.tag, name, value)
            if name == "style":
                assert "expression" not in value.lower() and "javascript" not in value.lower(), (where, value)
            if name in URL_ATTRIBUTES or name.endswith("}href"):
                # Browsers drop tabs, newlines and control characters inside a scheme.
                squashed = re.sub(r"[\x00-\x20]", "", value)
                assert not DANGEROUS_SCHEME.match(squashed), (where, element.tag, name, value)
            if name == "srcdoc":
                raise AssertionError((where, element.tag, name, value))


def reader_pages(article: Article, tag, section, author) -> list[str]:
    year = article.published_at.year
    return ["/en/", article.get_absolute_url(), tag.get_absolute_url(), section.get_absolute_url(),
            author.get_absolute_url(), f"/en/archive/{year}/"]


@pytest.fixture
def photo(media_root) -> str:
    name = "articles/2026/01/photo.jpg"
    (media_root / name).parent.mkdir(parents=True)
    Image.new("RGB", (40, 30), "navy").save(media_root / name, "JPEG")
    return name


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_payload_in_every_field_stays_inert_on_reader_pages(client, photo, index):
    payload = PAYLOADS[index]
    tag = builders.tag(name=payload, description=payload, name_translations={"en": payload})
    section = builders.section(name=payload)
    author = builders.author(name=payload, bio=payload)
    article = builders.article(
        headline=payload, lead=payload, body=f"<p>Before</p>{payload}<p>After</p>",
        image=photo, image_alt=payload, image_caption=payload, image_credit=payload,
        section=section, authors=[author], tags=[tag],
    )
    for url in reader_pages(article, tag, section, author):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content, f"{url} with {payload!r}")


def test_all_payloads_in_one_body_keep_the_harmless_text():
    body = "\n".join(PAYLOADS) + "<p>Keep <strong>this</strong> <a href='https://example.org/a'>link</a></p>"
    article = builders.article(body=body)
    assert_inert(f"<html><body>{article.body}</body></html>".encode(), "body")
    doc = html.fromstring(f"<div>{article.body}</div>")
    assert doc.xpath("//a[@href='https://example.org/a']/text()") == ["link"]
    assert doc.xpath("//strong/text()") == ["this"]


def test_admin_pages_show_payloads_as_text(client):
    client.force_login(builders.user(EDITOR))
    payload = PAYLOADS[2]
    article = builders.article(headline=payload, body=payload, lead=payload)
    tag = builders.tag(name=payload)
    for url in ["/admin/publishing/article/", f"/admin/publishing/article/{article.pk}/change/",
                f"/admin/publishing/article/{article.pk}/history/", "/admin/taxonomy/tag/",
                f"/admin/taxonomy/tag/{tag.pk}/change/", f"/en/preview/{article.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        doc = html.fromstring(response.content)
        assert not doc.xpath("//img[@onerror]"), url
        assert not [a for a in doc.xpath("//@*") if a.attrname.lower().startswith("on")], url


def test_the_checker_catches_each_kind_of_active_content():
    """assert_inert itself must fail on live payloads, or the tests above prove nothing."""
    for live in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                 '<a href="jav&#x09;ascript:alert(1)">x</a>', '<div style="x:expression(alert(1))">',
                 "<svg onload=alert(1)>", '<iframe srcdoc="<b>">', '<a href="DATA:text/html,x">x</a>',
                 "<svg><script>alert(1)</script></svg>"]:
        with pytest.raises(AssertionError):
            assert_inert(f"<html><body>{live}</body></html>".encode(), live)
