import datetime
import json

import pytest
from lxml import html

from tests import builders

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content).find("head")


def json_ld(doc) -> dict[str, dict]:
    """Return the page's JSON-LD blocks parsed back, keyed by @type."""
    blocks = [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]
    return {block["@type"]: block for block in blocks}


def meta(doc, attr: str, key: str) -> list[str]:
    return doc.xpath(f"meta[@{attr}='{key}']/@content")


def test_article_news_article_json_ld_field_by_field(client, newsroom):
    lead = newsroom["lead"]
    url = SITE + lead.get_absolute_url()
    data = json_ld(head(client, lead.get_absolute_url()))["NewsArticle"]
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == lead.headline
    assert data["description"] == lead.lead
    assert data["url"] == url and data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert datetime.datetime.fromisoformat(data["datePublished"]) == lead.published_at
    assert datetime.datetime.fromisoformat(data["dateModified"]) == max(lead.updated_at, lead.published_at)
    assert data["author"] == [{"@type": "Person", "name": "Aida Karimova",
                               "url": SITE + "/en/author/aida-karimova/"}]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Dastan"
    assert data["publisher"]["logo"]["@type"] == "ImageObject"
    assert data["publisher"]["logo"]["url"].startswith(SITE + "/static/")
    assert data["image"] == [{"@type": "ImageObject", "url": SITE + lead.image.url, "width": 64, "height": 48,
                              "caption": "The canal in August"}]
    assert data["inLanguage"] == "en"
    assert data["articleSection"] == "Economy"
    assert sorted(data["keywords"]) == ["Aziz Nurov", "Water dispute"]
    assert sorted(data["about"], key=lambda a: a["name"]) == [
        {"@type": "Person", "name": "Aziz Nurov", "url": SITE + "/en/tag/aziz-nurov/"},
        {"@type": "Thing", "name": "Water dispute", "url": SITE + "/en/tag/water-dispute/"},
    ]
    assert data["isAccessibleForFree"] is True


def test_publisher_logo_is_served(client, newsroom):
    data = json_ld(head(client, newsroom["lead"].get_absolute_url()))["NewsArticle"]
    response = client.get(data["publisher"]["logo"]["url"].removeprefix(SITE))
    try:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    finally:
        response.close()


def test_article_breadcrumbs(client, newsroom):
    lead = newsroom["lead"]
    data = json_ld(head(client, lead.get_absolute_url()))["BreadcrumbList"]
    assert [(i["position"], i["name"], i["item"]) for i in data["itemListElement"]] == [
        (1, "Dastan", SITE + "/en/"),
        (2, "Economy", SITE + "/en/section/economy/"),
        (3, lead.headline, SITE + lead.get_absolute_url()),
    ]


def test_russian_article_json_ld_is_in_russian(client, newsroom):
    data = json_ld(head(client, newsroom["ru"].get_absolute_url()))["NewsArticle"]
    assert data["inLanguage"] == "ru"
    assert data["articleSection"] == "Экономика"
    assert data["keywords"] == ["Водный спор"]


def test_headline_with_script_end_tag_cannot_break_out(client, db):
    evil = '</script><script>alert("x")</script> & <!-- tariffs'
    a = builders.article(headline=evil, lead="</SCRIPT>lead")
    response = client.get(a.get_absolute_url())
    body = response.content.decode()
    doc = html.fromstring(response.content)
    # Only the JSON-LD blocks are inline scripts (the site's own JS is a file): nothing the headline
    # carried became an element.
    scripts = doc.xpath("//script[not(@src)]")
    assert [s.get("type") for s in scripts] == ["application/ld+json", "application/ld+json"]
    assert "alert" not in "".join(s.text for s in scripts if s.get("type") != "application/ld+json")
    data = json_ld(doc)
    assert data["NewsArticle"]["headline"] == evil
    assert data["NewsArticle"]["description"] == "</SCRIPT>lead"
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == evil
    assert "</script><script>" not in body


def test_article_canonical_hreflang_and_x_default(client, newsroom):
    lead, ru = newsroom["lead"], newsroom["ru"]
    for article in (lead, ru):
        doc = head(client, article.get_absolute_url())
        assert doc.xpath("link[@rel='canonical']/@href") == [SITE + article.get_absolute_url()]
        alternates = {link.get("hreflang"): link.get("href") for link in doc.xpath("link[@hreflang]")}
        assert alternates == {"en": SITE + lead.get_absolute_url(), "ru": SITE + ru.get_absolute_url(),
                              "x-default": SITE + lead.get_absolute_url()}


def test_article_without_translation_has_only_itself_and_x_default(client, newsroom):
    other = newsroom["live"][1]
    doc = head(client, other.get_absolute_url())
    alternates = {link.get("hreflang"): link.get("href") for link in doc.xpath("link[@hreflang]")}
    assert alternates == {"en": SITE + other.get_absolute_url(), "x-default": SITE + other.get_absolute_url()}


def test_article_opengraph_and_twitter_cards(client, newsroom):
    lead = newsroom["lead"]
    doc = head(client, lead.get_absolute_url())
    assert meta(doc, "property", "og:type") == ["article"]
    assert meta(doc, "property", "og:title") == [lead.headline]
    assert meta(doc, "property", "og:url") == [SITE + lead.get_absolute_url()]
    assert meta(doc, "property", "og:description") == [lead.lead]
    assert meta(doc, "property", "og:image") == [SITE + lead.image.url]
    assert meta(doc, "property", "og:image:alt") == ["A dry canal"]
    assert meta(doc, "property", "og:site_name") == ["Dastan"]
    assert sorted(meta(doc, "property", "article:tag")) == ["Aziz Nurov", "Water dispute"]
    assert meta(doc, "property", "article:section") == ["Economy"]
    assert meta(doc, "name", "twitter:card") == ["summary_large_image"]
    assert meta(doc, "name", "twitter:image") == [SITE + lead.image.url]
    plain = head(client, newsroom["live"][1].get_absolute_url())
    assert meta(plain, "name", "twitter:card") == ["summary"]
    assert not meta(plain, "property", "og:image")


def test_preview_is_marked_noindex(admin_client, newsroom):
    draft = newsroom["hidden"][0]
    doc = head(admin_client, f"/en/preview/{draft.pk}/")
    assert meta(doc, "name", "robots") == ["noindex"]


def test_home_has_website_with_search_action(client, newsroom):
    doc = head(client, "/ru/")
    data = json_ld(doc)["WebSite"]
    assert data["url"] == SITE + "/ru/"
    assert data["name"] == "Dastan"
    assert data["inLanguage"] == "ru"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == SITE + "/ru/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert doc.xpath("link[@rel='canonical']/@href") == [SITE + "/ru/"]
    alternates = {link.get("hreflang"): link.get("href") for link in doc.xpath("link[@hreflang]")}
    assert alternates == {"en": SITE + "/en/", "ru": SITE + "/ru/", "x-default": SITE + "/en/"}
    assert doc.xpath("link[@type='application/rss+xml']/@href") == [SITE + "/ru/feed/rss/"]
    assert doc.xpath("link[@type='application/atom+xml']/@href") == [SITE + "/ru/feed/atom/"]


def test_listing_pages_have_canonical_prev_next_and_feed_links(client, newsroom, settings):
    settings.DASTAN_PAGE_SIZE = 1
    base = SITE + "/en/tag/water-dispute/"
    first = head(client, "/en/tag/water-dispute/")
    assert first.xpath("link[@rel='canonical']/@href") == [base]
    assert first.xpath("link[@rel='prev']/@href") == []
    assert first.xpath("link[@rel='next']/@href") == [base + "?page=2"]
    middle = head(client, "/en/tag/water-dispute/?page=2")
    assert middle.xpath("link[@rel='canonical']/@href") == [base + "?page=2"]
    assert middle.xpath("link[@rel='prev']/@href") == [base]
    assert middle.xpath("link[@rel='next']/@href") == [base + "?page=3"]
    last = head(client, "/en/tag/water-dispute/?page=3")
    assert last.xpath("link[@rel='next']/@href") == []
    assert first.xpath("link[@type='application/rss+xml']/@href") == [base + "feed/rss/"]
    alternates = {link.get("hreflang"): link.get("href") for link in first.xpath("link[@hreflang]")}
    assert alternates == {"en": base, "ru": SITE + "/ru/tag/water-dispute/", "x-default": base}
    crumbs = json_ld(first)["BreadcrumbList"]["itemListElement"]
    assert [(c["name"], c["item"]) for c in crumbs] == [("Dastan", SITE + "/en/"), ("Water dispute", base)]


@pytest.mark.parametrize("url, feed", [
    ("/en/section/economy/", "/en/section/economy/feed/atom/"),
    ("/en/author/aida-karimova/", "/en/author/aida-karimova/feed/atom/"),
])
def test_section_and_author_pages_link_their_feeds(client, newsroom, url, feed):
    doc = head(client, url)
    assert doc.xpath("link[@type='application/atom+xml']/@href") == [SITE + feed]
    assert client.get(feed).status_code == 200


def test_not_found_page_claims_no_canonical(client, db):
    response = client.get("/en/tag/no-such-tag/")
    doc = html.fromstring(response.content)
    assert response.status_code == 404
    assert not doc.xpath("//link[@rel='canonical']")
    assert not doc.xpath("//script[@type='application/ld+json']")


def test_archive_listing_has_canonical_and_breadcrumbs_but_no_feed(client, db):
    a = builders.article(published_at=datetime.datetime(2026, 2, 10, 9, 0, tzinfo=datetime.UTC))
    doc = head(client, "/en/archive/2026/02/")
    assert doc.xpath("link[@rel='canonical']/@href") == [SITE + "/en/archive/2026/02/"]
    assert not doc.xpath("link[@type='application/rss+xml']")
    assert json_ld(doc)["BreadcrumbList"]["itemListElement"][1]["item"] == SITE + "/en/archive/2026/02/"
    assert a.headline in html.tostring(doc.getparent(), encoding="unicode")


def test_unknown_listing_kinds_get_no_metadata(rf, db):
    from django.core.paginator import Paginator

    from dastan.syndication.metadata import page_meta

    request = rf.get("/en/search/?q=water")
    page = Paginator([], 10).page(1)
    assert page_meta({"request": request, "page": page, "kind": "search", "title": "Search"}) is None
    assert page_meta({"request": request, "page": page, "kind": "tag", "title": "T"}) is not None


def test_unsigned_article_is_by_the_newsroom(client, db, settings):
    settings.DASTAN_PUBLISHER_LOGO_URL = "https://cdn.example.org/logo.png"
    a = builders.article()
    data = json_ld(head(client, a.get_absolute_url()))["NewsArticle"]
    assert data["author"] == [{"@type": "Organization", "name": "Dastan", "url": SITE + "/"}]
    assert data["publisher"]["logo"]["url"] == "https://cdn.example.org/logo.png"
    assert "image" not in data and "articleSection" not in data
