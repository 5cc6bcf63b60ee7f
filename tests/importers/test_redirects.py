"""Old WordPress addresses answer 301 to the new article; editors see the table in the admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from dastan.importers.models import ImportRecord, Redirect
from dastan.importers.redirects import old_path_of
from tests import builders

pytestmark = pytest.mark.django_db


def new_url(post_id: int) -> str:
    return ImportRecord.objects.get(post_id=post_id, kind="post").article.get_absolute_url()


@pytest.mark.parametrize("old, post_id", [
    ("/2025/05/parliament-passes-budget/", 101),
    ("/2025/05/parliament-passes-budget", 101),  # without the final slash
    ("/?p=101", 101),  # the guid, and WordPress's address for every post
    ("/?p=104", 104),  # a plain permalink
    ("/?p=104&utm_source=telegram", 104),
    ("/2025/05/parliament-passes-budget/?utm_source=telegram", 101),
    ("/2025/05/parliament-passes-budget-2/", 108),
    ("/2025/05/%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B-%D0%B3%D0%B8%D0%B4/", 109),  # percent-encoded Cyrillic
])
def test_old_urls_redirect_permanently(client, imported, old, post_id):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new_url(post_id)
    assert client.get(response["Location"]).status_code == 200


def test_front_page_id_wins_over_the_edition_redirect(client, imported):
    assert client.get("/").status_code == 302  # the site's own front page redirect still works
    assert client.get("/?p=999").status_code == 302  # an unknown id falls through to it
    assert client.get("/?p=abc").status_code == 302


@pytest.mark.parametrize("old", ["/?p=102", "/?p=103", "/?p=107"])
def test_unpublished_articles_are_not_revealed_by_id(client, imported, old):
    """Drafts, scheduled and private posts are not redirected to until they go live."""
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (302, "/en/")


def test_unpublished_articles_keep_their_404(client, imported):
    assert client.get("/2025/05/staff-rota/").status_code == 404


def test_unknown_old_paths_stay_404(client, imported):
    assert client.get("/2019/01/never-existed/").status_code == 404
    assert client.post("/2025/05/parliament-passes-budget/").status_code in (403, 404, 405)


def test_redirect_follows_the_article_when_its_slug_changes(client, imported):
    budget = ImportRecord.objects.get(post_id=101).article
    budget.slug = "budget-2026"
    budget.save()
    assert client.get("/?p=101")["Location"] == "/en/articles/budget-2026/"


def test_reader_pages_pay_nothing_and_a_404_one_query(client, imported):
    builders.article(slug="plain")
    with CaptureQueriesContext(connection) as page:
        client.get("/en/articles/plain/")
    assert not any("importers_redirect" in q["sql"] for q in page.captured_queries)
    with CaptureQueriesContext(connection) as missing:
        assert client.get("/nowhere/").status_code == 404
    assert sum("importers_redirect" in q["sql"] for q in missing.captured_queries) == 1


@pytest.mark.parametrize("url, key", [
    ("https://old.example.org/2025/05/x/", "/2025/05/x/"),
    ("https://old.example.org/?p=12&preview=true", "/?p=12"),
    ("https://old.example.org/?page_id=7", "/?page_id=7"),
    ("https://old.example.org/archives/12?lang=ru", "/archives/12?lang=ru"),
    ("https://old.example.org", "/"),
    ("https://old.example.org/%D0%B0/", "/а/"),
])
def test_old_path_keys(url, key):
    assert old_path_of(url) == key


def test_redirects_admin_lists_and_searches(admin_client, imported):
    page = admin_client.get("/admin/importers/redirect/?q=parliament")
    assert page.status_code == 200
    rows = html.fromstring(page.content).xpath("//table[@id='result_list']//tbody/tr")
    paths = sorted(row.xpath("string(.//th)").strip() for row in rows)
    assert paths == ["/2025/05/parliament-passes-budget-2/", "/2025/05/parliament-passes-budget/",
                     "/?p=101", "/?p=108"]
    redirect = Redirect.objects.get(old_path="/?p=101")
    assert admin_client.get(f"/admin/importers/redirect/{redirect.pk}/change/").status_code == 200
    assert admin_client.get("/admin/importers/importrecord/").status_code == 200


def test_editor_can_add_a_redirect_in_the_admin(client, admin_client, imported):
    target = ImportRecord.objects.get(post_id=104).article
    response = admin_client.post("/admin/importers/redirect/add/", {"old_path": "/old-protest/",
                                                                     "article": target.pk})
    assert response.status_code == 302
    assert client.get("/old-protest/")["Location"] == target.get_absolute_url()


def test_redirects_admin_speaks_russian(admin_client, imported):
    page = admin_client.get("/admin/importers/redirect/", HTTP_ACCEPT_LANGUAGE="ru")
    headers = html.fromstring(page.content.decode()).xpath("//table[@id='result_list']//thead//th")
    assert [" ".join(th.text_content().split()) for th in headers][1:3] == ["Старый адрес", "Статья"]


def test_page_id_on_the_front_page_redirects_too(client, imported):
    Redirect.objects.create(old_path="/?page_id=200", article=ImportRecord.objects.get(post_id=104).article)
    response = client.get("/?page_id=200&lang=en")
    assert (response.status_code, response["Location"]) == (301, new_url(104))


@pytest.mark.parametrize("url", ["/a%00b/", "/?p=1%00", "/x/?q=%00", "/" + "long/" * 200])
def test_hostile_old_paths_are_plain_404s(client, imported, url):
    assert client.get(url).status_code in (302, 404)
