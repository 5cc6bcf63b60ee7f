"""RSS 2.0 and Atom feeds of an edition, a section, a tag or an author, on Django's syndication framework.

Links are absolute on settings.SITE_URL (not on whatever host asked), and entry ids are tag URIs
(RFC 4151) that survive a change of slug, so aggregators never show an edited article twice.
"""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from dastan.core.urlutils import absolute, absolute_url
from dastan.publishing.models import Article
from dastan.syndication.conditional import conditional_feed, request_scope
from dastan.syndication.scopes import FeedScope, feed_articles


def article_guid(article: Article) -> str:
    """Return the permanent id of ARTICLE: a tag URI on the site's host and its creation date."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{article.created_at:%Y-%m-%d}:article:{article.pk}"


def article_summary(article: Article) -> str:
    """Return what a feed says of ARTICLE: its body with full-text feeds, else its lead."""
    if settings.DASTAN_FEED_FULL_TEXT and article.body:
        return article.body
    return article.lead


def lead_image_enclosure(article: Article) -> Enclosure | None:
    """Return the lead image of ARTICLE as an enclosure with its real length and type, or None."""
    if not article.image:
        return None
    try:
        length = article.image.size
    except OSError:
        # A file missing from storage: no enclosure is better than one with a made-up length.
        return None
    mime = mimetypes.guess_type(article.image.name)[0] or "application/octet-stream"
    return Enclosure(absolute_url(article.image.url), str(length), mime)


class ArticleFeed(Feed):
    """RSS 2.0 feed of the newest published articles in one scope (kind set by subclasses)."""

    kind = "edition"
    feed_type = Rss201rev2Feed

    def get_object(self, request, slug: str | None = None) -> FeedScope:
        return request_scope(request, self.kind, slug)

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def link(self, scope: FeedScope) -> str:
        return scope.page_url

    def feed_url(self, scope: FeedScope) -> str:
        return scope.page_url + ("feed/atom/" if self.feed_type is Atom1Feed else "feed/rss/")

    def description(self, scope: FeedScope) -> str:
        return _("The latest articles from %(title)s") % {"title": scope.title}

    def author_name(self, scope: FeedScope) -> str:
        # Atom needs an author for every entry; the newsroom stands in for unsigned articles.
        return settings.SITE_NAME

    def items(self, scope: FeedScope):
        return feed_articles(scope.articles)

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return article_summary(item)

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Article) -> str:
        return article_guid(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Article) -> str | None:
        return ", ".join(a.name for a in item.authors.all()) or None

    def item_author_link(self, item: Article) -> str | None:
        authors = list(item.authors.all())
        return absolute(authors[0].get_absolute_url(item.edition)) if authors else None

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name_in(item.edition) for tag in item.tags.all()]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        enclosure = lead_image_enclosure(item)
        return [enclosure] if enclosure else []


def _atom(feed_class: type[ArticleFeed]) -> type[ArticleFeed]:
    """Return the Atom twin of FEED_CLASS."""
    return type(f"Atom{feed_class.__name__}", (feed_class,), {
        "feed_type": Atom1Feed,
        "subtitle": feed_class.description,
    })


class SectionFeed(ArticleFeed):
    kind = "section"


class TagFeed(ArticleFeed):
    kind = "tag"


class AuthorFeed(ArticleFeed):
    kind = "author"


FEEDS = {
    (feed_class.kind, fmt): conditional_feed(feed_class.kind)(
        (feed_class if fmt == "rss" else _atom(feed_class))()
    )
    for feed_class in (ArticleFeed, SectionFeed, TagFeed, AuthorFeed)
    for fmt in ("rss", "atom")
}
