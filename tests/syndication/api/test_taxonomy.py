import json

import pytest

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def test_sections_with_names_and_urls_per_edition(client, newsroom):
    assert get(client, "/api/sections") == [{
        "slug": "economy", "name": "Economy", "names": {"en": "Economy", "ru": "Экономика"},
        "urls": {"en": SITE + "/en/section/economy/", "ru": SITE + "/ru/section/economy/"},
    }]


def test_tags_are_those_with_published_articles(client, newsroom):
    data = get(client, "/api/tags")
    assert [t["slug"] for t in data["results"]] == ["aziz-nurov", "water-dispute"]
    water = data["results"][1]
    assert water["names"] == {"en": "Water dispute", "ru": "Водный спор"}
    assert water["kind"] == "topic"
    assert water["urls"]["ru"] == SITE + "/ru/tag/water-dispute/"
    assert [t["slug"] for t in get(client, "/api/tags?kind=person")["results"]] == ["aziz-nurov"]
    assert data["count"] == 2


def test_tags_paginate(client, newsroom):
    data = get(client, "/api/tags?page_size=1")
    assert (data["count"], data["num_pages"], data["next"]) == (2, 2, SITE + "/api/tags?page_size=1&page=2")


def test_authors_are_those_with_published_articles(client, newsroom):
    data = get(client, "/api/authors")
    assert [a["slug"] for a in data["results"]] == ["aida-karimova"]
    assert data["results"][0]["urls"]["en"] == SITE + "/en/author/aida-karimova/"


def test_openapi_schema_and_docs_are_published(client, db):
    schema = get(client, "/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    paths = {"/api/articles", "/api/articles/{article_id}", "/api/sections", "/api/tags", "/api/authors"}
    assert paths <= set(schema["paths"])
    assert "400" in schema["paths"]["/api/articles"]["get"]["responses"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"/api/openapi.json" in docs.content


def test_docs_page_needs_no_outside_host(client, db):
    """Swagger UI comes from the app's own static files, so the docs work offline too."""
    from lxml import html

    doc = html.fromstring(client.get("/api/docs").content)
    sources = doc.xpath("//script/@src") + doc.xpath("//link[@rel='stylesheet']/@href")
    assert sources and all(src.startswith("/static/") for src in sources)
    for src in sources:
        response = client.get(src)
        try:
            assert response.status_code == 200, src
        finally:
            response.close()
