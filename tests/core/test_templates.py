"""Every reader page works under a strict Content-Security-Policy and keeps its landmarks."""

import pytest
from lxml import html

from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(media_root):
    t = builders.tag(slug="water")
    s = builders.section(slug="economy")
    a = builders.author(slug="aida")
    article = builders.article(tags=[t], section=s, authors=[a],
                               body="<p>Text</p><blockquote><p>Quote</p></blockquote>")
    builders.article(tags=[t], section=s)
    return ["/en/", "/ru/", article.get_absolute_url(), "/en/tag/water/", "/en/section/economy/",
            "/en/author/aida/", "/en/archive/2026/", "/en/no-such-page/"]


def test_no_inline_script_or_style_anywhere(client, pages):
    for url in pages:
        doc = html.fromstring(client.get(url).content)
        # JSON-LD is data, never run, so a script-src policy does not apply to it.
        assert doc.xpath("//script[not(@src) and not(@type='application/ld+json')]") == [], url
        assert doc.xpath("//style | //*[@style]") == [], url
        handlers = [name for el in doc.iter() if isinstance(el.tag, str)
                    for name in el.attrib if name.startswith("on")]
        assert handlers == [], url
        assets = doc.xpath("//script/@src | //link[@rel='stylesheet' or @rel='icon']/@href")
        assert assets and all(src.startswith("/static/") for src in assets), url


def test_skip_link_comes_first_and_lands_on_main(client, pages):
    for url in pages:
        doc = html.fromstring(client.get(url).content)
        first = doc.xpath("//body//a | //body//button | //body//input")[0]
        assert (first.get("class"), first.get("href")) == ("skip-link", "#main"), url
        assert len(doc.xpath("//main[@id='main']")) == 1
        assert len(doc.xpath("//header[@class='masthead']")) == 1 and len(doc.xpath("//footer")) >= 1
        assert doc.xpath("//h1"), f"{url} has a heading for screen-reader navigation"


def test_server_error_page_stands_alone():
    """The 500 page is plain HTML: no template tags, no inline code, the stylesheet by path."""
    from django.template import loader

    doc = html.fromstring(loader.get_template("500.html").render())
    assert doc.xpath("//link/@href") == ["/static/dastan/site.css"]
    assert doc.xpath("//script | //*[@style]") == []


def test_the_current_section_is_marked_in_the_navigation(client, pages):
    doc = html.fromstring(client.get("/en/section/economy/").content)
    nav = doc.xpath("//nav[@aria-label='Sections']")[0]
    assert nav.xpath(".//a[@aria-current='page']/@href") == ["/en/section/economy/"]
    # On its own page a card does not repeat the section it is in.
    assert doc.xpath("//p[@class='card-meta']/a") == []
    home = html.fromstring(client.get("/en/").content)
    assert home.xpath("//nav[@aria-label='Sections']//a[@aria-current]") == []
