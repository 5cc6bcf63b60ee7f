"""What a feed covers: an edition, or one section, tag or author within it."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from dastan.core.urlutils import absolute, edition_reverse
from dastan.publishing.models import Article, Author, Section
from dastan.taxonomy.models import Tag

KINDS = ("edition", "section", "tag", "author")


@dataclass(frozen=True)
class FeedScope:
    """One feed's subject: its edition, what it is about and the published articles it draws on."""

    kind: str
    edition: str
    title: str
    page_url: str  # absolute URL of the HTML page the feed mirrors
    articles: QuerySet
    subject: Model | None = None

    @property
    def key(self) -> str:
        """Return a string naming this scope uniquely, for ETags."""
        return f"{self.kind}:{self.edition}:{self.subject.pk if self.subject else ''}"


def scope_for(kind: str, edition: str, slug: str | None = None) -> FeedScope:
    """Return the scope of a KIND feed in EDITION; raise Http404 for an unknown SLUG."""
    published = Article.objects.published().in_edition(edition)
    site = settings.SITE_NAME
    if kind == "edition":
        return FeedScope(kind, edition, site, absolute(edition_reverse("publishing:home", edition)),
                         published)
    if not slug or "\x00" in slug:
        # PostgreSQL refuses NUL in a text parameter; no slug contains one anyway.
        raise Http404("No such slug")
    model = {"section": Section, "tag": Tag, "author": Author}[kind]
    subject = get_object_or_404(model, slug=slug)
    if kind == "section":
        name, articles = subject.name_in(edition), published.filter(section=subject)
    elif kind == "tag":
        name, articles = subject.name_in(edition), published.filter(tags=subject)
    else:
        name, articles = subject.name, published.filter(authors=subject)
    return FeedScope(kind, edition, _("%(name)s · %(site)s") % {"name": name, "site": site},
                     absolute(subject.get_absolute_url(edition)), articles, subject)


def feed_articles(articles: QuerySet) -> QuerySet:
    """Return the newest articles of ARTICLES for a feed, with everything an entry shows joined.

    The body is loaded only when feeds carry full text (DASTAN_FEED_FULL_TEXT).
    """
    rows = (
        articles.newest_first()
        .select_related("section")
        .prefetch_related(
            Prefetch("authors", Author.objects.only("id", "name", "slug")),
            Prefetch("tags", Tag.objects.only("id", "name", "slug", "name_translations")),
        )
    )
    if not settings.DASTAN_FEED_FULL_TEXT:
        rows = rows.defer("body")
    return rows[: settings.DASTAN_FEED_ITEMS]
