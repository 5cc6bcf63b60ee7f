import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from dastan.caching import keys
from dastan.caching.middleware import HIT_HEADER
from dastan.publishing.models import Article
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(db):
    tag = builders.tag(slug="water")
    other_tag = builders.tag(slug="elections")
    section = builders.section(slug="politics")
    author = builders.author(slug="aida")
    story = builders.article(tags=[tag], section=section, authors=[author], headline="Dam opens")
    builders.article(tags=[other_tag], headline="Vote counted")
    return {"tag": tag, "other_tag": other_tag, "section": section, "author": author, "story": story}


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    response.queries = len(ctx.captured_queries)
    return response


def test_second_request_is_served_from_the_cache_without_queries(client, page_cache, newsroom):
    first = get(client, "/en/tag/water/")
    second = get(client, "/en/tag/water/")
    assert first.status_code == second.status_code == 200
    assert first.queries > 0 and HIT_HEADER not in first
    assert second.queries == 0 and second[HIT_HEADER] == "hit"
    assert second.content == first.content


def test_cached_pages_carry_surrogate_keys_and_proxy_headers(client, page_cache, newsroom):
    story = newsroom["story"]
    response = client.get(story.get_absolute_url())
    keys_sent = response["Surrogate-Key"].split()
    assert f"article-{story.pk}" in keys_sent and "site" in keys_sent
    assert response["Cache-Tag"].split(",") == keys_sent
    control = {part.split("=")[0]: part.split("=")[-1] for part in response["Cache-Control"].split(", ")}
    assert control["public"] == "public" and control["s-maxage"] == "10"
    assert control["stale-while-revalidate"] == "30"
    assert "Accept-Encoding" in response["Vary"]


def test_etag_and_last_modified_give_304_on_a_hit(client, page_cache, newsroom):
    first = client.get("/en/")
    again = client.get("/en/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/en/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_head_is_served_from_the_cache_without_a_body(client, page_cache, newsroom):
    full = client.get("/en/")
    head = client.head("/en/")
    assert head.status_code == 200 and head[HIT_HEADER] == "hit" and head.content == b""
    assert int(head["Content-Length"]) == len(full.content)


def test_gzip_clients_get_their_own_compressed_copy(client, page_cache, newsroom):
    plain = client.get("/en/")
    zipped = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert client.get("/en/", HTTP_ACCEPT_ENCODING="gzip")[HIT_HEADER] == "hit"


def test_publishing_purges_the_pages_that_show_the_article_and_nothing_else(client, page_cache, newsroom):
    urls = ["/en/", "/en/tag/water/", "/en/section/politics/", "/en/author/aida/", "/en/tag/elections/"]
    for url in urls:
        client.get(url)
    builders.article(tags=[newsroom["tag"]], section=newsroom["section"], authors=[newsroom["author"]],
                     headline="Second dam", ago=datetime.timedelta(minutes=1))
    for url in urls[:4]:
        response = client.get(url)
        assert HIT_HEADER not in response, url
        assert "Second dam" in response.content.decode(), url
    assert client.get("/en/tag/elections/")[HIT_HEADER] == "hit"
    assert client.get("/ru/")  # another edition's home is untouched by an English article
    assert client.get("/ru/")[HIT_HEADER] == "hit"


def test_editing_and_unpublishing_purge_the_article_and_its_listings(client, page_cache, newsroom):
    story = newsroom["story"]
    client.get(story.get_absolute_url())
    client.get("/en/tag/water/")
    story.headline = "Dam opens late"
    story.save()
    assert "Dam opens late" in client.get(story.get_absolute_url()).content.decode()
    assert "Dam opens late" in client.get("/en/tag/water/").content.decode()
    story.status = Article.Status.DRAFT
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Dam opens" not in client.get("/en/tag/water/").content.decode()


def test_retagging_moves_the_article_between_tag_pages(client, page_cache, newsroom):
    story = newsroom["story"]
    client.get("/en/tag/water/")
    client.get("/en/tag/elections/")
    story.tags.set([newsroom["other_tag"]])
    assert "Dam opens" not in client.get("/en/tag/water/").content.decode()
    assert "Dam opens" in client.get("/en/tag/elections/").content.decode()
    newsroom["tag"].articles.add(story)  # from the tag's side
    assert "Dam opens" in client.get("/en/tag/water/").content.decode()


def test_related_articles_on_an_article_page_are_purged_when_they_change(client, page_cache, newsroom):
    neighbour = builders.article(tags=[newsroom["tag"]], headline="Canal closes")
    story = newsroom["story"]
    assert "Canal closes" in client.get(story.get_absolute_url()).content.decode()
    neighbour.headline = "Canal reopens"
    neighbour.save()
    assert "Canal reopens" in client.get(story.get_absolute_url()).content.decode()


def test_renaming_a_tag_purges_the_article_pages_that_name_it(client, page_cache, newsroom):
    story = newsroom["story"]
    client.get(story.get_absolute_url())
    newsroom["tag"].name = "Water rights"
    newsroom["tag"].save()
    assert "Water rights" in client.get(story.get_absolute_url()).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes_without_a_purge(client, page_cache, newsroom):
    when = timezone.now() + datetime.timedelta(minutes=30)
    builders.article(tags=[newsroom["tag"]], headline="Embargoed report", published_at=when)
    first = client.get("/en/tag/water/")
    assert "Embargoed report" not in first.content.decode()
    assert client.get("/en/tag/water/")[HIT_HEADER] == "hit"
    s_maxage = int(first["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert s_maxage <= 10
    with time_machine.travel(when + datetime.timedelta(seconds=1)):
        later = client.get("/en/tag/water/")
        assert HIT_HEADER not in later
        assert "Embargoed report" in later.content.decode()
        assert "Viewing results 1 - 2 of 2" in " ".join(html.fromstring(later.content).text_content().split())


def test_pages_expire_at_local_midnight_for_the_date_in_the_masthead(client, page_cache, newsroom, settings):
    settings.DASTAN_PAGE_CACHE_SECONDS = 86400 * 2
    client.get("/en/")
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0) + datetime.timedelta(days=1)
    with time_machine.travel(midnight + datetime.timedelta(seconds=1)):
        assert HIT_HEADER not in client.get("/en/")


@pytest.mark.parametrize("url", ["/en/?utm_source=x", "/en/tag/water/?page=1&page=2", "/en/?q=dam"])
def test_unknown_query_strings_bypass_the_cache(client, page_cache, newsroom, url):
    client.get(url)
    assert HIT_HEADER not in client.get(url)


def test_page_numbers_are_cached_separately_and_bad_ones_stay_404(client, page_cache, newsroom, settings):
    settings.DASTAN_PAGE_SIZE = 1
    builders.article(tags=[newsroom["tag"]], headline="Older dam", ago=datetime.timedelta(days=3))
    one, two = client.get("/en/tag/water/?page=1"), client.get("/en/tag/water/?page=2")
    assert one.content != two.content
    assert client.get("/en/tag/water/?page=2")[HIT_HEADER] == "hit"
    for _ in range(2):
        missing = client.get("/en/tag/water/?page=9")
        assert missing.status_code == 404 and HIT_HEADER not in missing


def test_staff_and_previews_bypass_the_cache(client, admin_client, page_cache, newsroom):
    client.get("/en/")
    assert client.get("/en/")[HIT_HEADER] == "hit"
    assert HIT_HEADER not in admin_client.get("/en/")
    draft = builders.article(status=Article.Status.DRAFT)
    for _ in range(2):
        preview = admin_client.get(f"/en/preview/{draft.pk}/")
        assert HIT_HEADER not in preview and preview["Cache-Control"] == "private, no-store"


def test_a_page_rendered_across_a_purge_is_not_stored(client, settings, newsroom):
    """A page that read the database before a purge of its keys must not be kept under the new token."""
    settings.DASTAN_PAGE_CACHE = True
    keys.purge([f"tag-{newsroom['tag'].pk}"])  # just now: inside the clock margin
    client.get("/en/tag/water/")
    assert HIT_HEADER not in client.get("/en/tag/water/")


def test_disabled_cache_renders_every_time(client, newsroom):
    client.get("/en/")
    assert HIT_HEADER not in client.get("/en/")


def test_purge_tokens_are_shared_through_files_without_redis(tmp_path, settings):
    """Without Redis, a purge in one worker reaches the others through a folder on the machine."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "dastan_keys": {
        "BACKEND": "dastan.caching.tokenstore.TokenFileCache", "LOCATION": str(tmp_path / "keys")}}
    tokens = keys.current_tokens(["tag-1", "tag-2"])
    assert keys.still_fresh(tokens)
    keys.purge(["tag-1"])
    assert not keys.still_fresh(tokens)
    assert keys.still_fresh({"tag-2": tokens["tag-2"]})
    assert len(list((tmp_path / "keys").iterdir())) == 3  # two tokens and the generation
    caches["dastan_keys"].clear()


class RecordingApp:
    """Stands for Django behind the WSGI wrapper: records whether a request reached it."""

    def __init__(self):
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"from django"]


def wsgi_get(path, **headers):
    from django.test import RequestFactory

    from dastan.caching.wsgi import CachedPagesApplication

    environ = RequestFactory(HTTP_HOST="testserver").get(path, **headers).environ
    django_app, sent = RecordingApp(), {}
    body = b"".join(CachedPagesApplication(django_app)(
        environ, lambda status, headers: sent.update(status=status, headers=dict(headers))))
    return django_app.calls, sent, body


def test_wsgi_layer_answers_hits_without_entering_django(client, page_cache, newsroom):
    page = client.get("/en/tag/water/?page=1")
    calls, sent, body = wsgi_get("/en/tag/water/?page=1")
    assert calls == 0 and sent["status"] == "200 OK" and body == page.content
    assert sent["headers"][HIT_HEADER] == "hit" and sent["headers"]["ETag"] == page["ETag"]
    assert sent["headers"]["Surrogate-Key"] == page["Surrogate-Key"]


@pytest.mark.parametrize("path,headers", [
    ("/en/tag/water/", {"HTTP_COOKIE": "sessionid=abc"}),
    ("/en/tag/water/?utm=1", {}),
    ("/en/tag/water/", {"HTTP_IF_NONE_MATCH": '"x"'}),
    ("/en/tag/elections/", {}),  # never requested: a miss
])
def test_wsgi_layer_hands_everything_else_to_django(client, page_cache, newsroom, path, headers):
    client.get("/en/tag/water/")
    calls, _sent, body = wsgi_get(path, **headers)
    assert calls == 1 and body == b"from django"


def test_wsgi_layer_sees_purges(client, page_cache, newsroom):
    client.get("/en/tag/water/")
    builders.article(tags=[newsroom["tag"]], headline="Third dam")
    assert wsgi_get("/en/tag/water/")[0] == 1
