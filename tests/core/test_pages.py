import pytest
from django.test import Client
from lxml import html

from tests import builders

pytestmark = pytest.mark.django_db


def test_an_unexpected_error_gives_the_branded_500_page_in_both_languages(settings):
    settings.ROOT_URLCONF = "tests.core.urls_failing"
    response = Client(raise_request_exception=False).get("/explode/")
    assert response.status_code == 500
    text = html.fromstring(response.content).text_content()
    assert "Something went wrong on our side" in text and "Что-то пошло не так" in text


def test_root_redirects_to_the_default_edition(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/en/"


def test_healthz_reports_the_database(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_navigation_follows_section_changes_at_once(client):
    section = builders.section(name="Economy", slug="economy")
    assert "Economy" in client.get("/en/").content.decode()
    section.name = "Business"
    section.save()
    nav = html.fromstring(client.get("/en/").content).xpath("//nav[@aria-label='Sections']//a/text()")
    assert nav == ["Business"]


def test_edition_switch_keeps_the_page(client):
    builders.tag(slug="water")
    doc = html.fromstring(client.get("/en/tag/water/").content)
    assert doc.xpath("//nav[@aria-label='Editions']//a[@hreflang='ru']/@href") == ["/ru/tag/water/"]
