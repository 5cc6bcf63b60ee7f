"""JSON Feed 1.1 of an edition (https://www.jsonfeed.org/version/1.1/), built as data, never as text."""

from django.conf import settings
from django.http import HttpRequest, JsonResponse

from dastan.core.urlutils import absolute, absolute_url
from dastan.publishing.models import Article
from dastan.syndication.conditional import conditional_feed, request_scope
from dastan.syndication.feeds import article_guid
from dastan.syndication.scopes import feed_articles

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
JSON_FEED_TYPE = "application/feed+json; charset=utf-8"


def json_feed_item(article: Article) -> dict:
    """Return ARTICLE as a JSON Feed item."""
    item = {
        "id": article_guid(article),
        "url": absolute(article.get_absolute_url()),
        "title": article.headline,
        "summary": article.lead,
        "date_published": article.published_at.isoformat(),
        "date_modified": max(article.updated_at, article.published_at).isoformat(),
        "language": article.edition,
        "authors": [
            {"name": a.name, "url": absolute(a.get_absolute_url(article.edition))}
            for a in article.authors.all()
        ],
        "tags": [tag.name_in(article.edition) for tag in article.tags.all()],
    }
    if settings.DASTAN_FEED_FULL_TEXT:
        item["content_html"] = article.body
    else:
        item["content_text"] = article.lead
    if article.image:
        item["image"] = absolute_url(article.image.url)
    return item


@conditional_feed("edition")
def json_feed(request: HttpRequest) -> JsonResponse:
    """Serve the edition's JSON Feed 1.1."""
    scope = request_scope(request, "edition", None)
    data = {
        "version": JSON_FEED_VERSION,
        "title": scope.title,
        "home_page_url": scope.page_url,
        "feed_url": scope.page_url + "feed/json/",
        "language": scope.edition,
        "authors": [{"name": settings.SITE_NAME, "url": absolute("/")}],
        "items": [json_feed_item(article) for article in feed_articles(scope.articles)],
    }
    return JsonResponse(data, content_type=JSON_FEED_TYPE, json_dumps_params={"ensure_ascii": False})
