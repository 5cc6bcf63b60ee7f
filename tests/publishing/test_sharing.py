from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html

from dastan.publishing.templatetags.sharing import share_urls
from tests import builders


def test_share_urls_carry_the_address_and_title_encoded():
    links = dict(share_urls("https://news.example.org/en/articles/a-b/", "Tariffs & taxes: 12% more?"))
    telegram = parse_qs(urlsplit(links["Telegram"]).query)
    assert telegram == {"url": ["https://news.example.org/en/articles/a-b/"],
                        "text": ["Tariffs & taxes: 12% more?"]}
    assert parse_qs(urlsplit(links["WhatsApp"]).query)["text"] == [
        "Tariffs & taxes: 12% more? https://news.example.org/en/articles/a-b/"]
    assert links["E-mail"] == ("mailto:?subject=Tariffs%20%26%20taxes%3A%2012%25%20more%3F"
                               "&body=https%3A%2F%2Fnews.example.org%2Fen%2Farticles%2Fa-b%2F")


@pytest.mark.django_db
def test_article_page_shares_its_canonical_address(client, settings):
    settings.SITE_URL = "https://news.example.org"
    article = builders.article(headline="Осенний призыв", edition="ru", slug="prizyv")
    doc = html.fromstring(client.get(article.get_absolute_url()).content)
    hrefs = doc.xpath("//section[@class='share']//a/@href")
    assert len(hrefs) == 6
    assert all(urlsplit(h).scheme in {"https", "mailto"} for h in hrefs)
    vk = parse_qs(urlsplit(hrefs[4]).query)
    assert vk == {"url": ["https://news.example.org/ru/articles/prizyv/"], "title": ["Осенний призыв"]}
    button = doc.xpath("//button[@class='share-button']")[0]
    assert button.get("data-share-url") == "https://news.example.org/ru/articles/prizyv/"
    assert button.getparent().get("hidden") is not None, "shown only by script where Web Share exists"
    assert doc.xpath("string(//h2[@id='share-heading'])") == "Поделиться"
