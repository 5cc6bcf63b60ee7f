"""Which articles a search may return: published in the edition, narrowed by the reader's filters."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from dastan.publishing.models import Article


@dataclass(frozen=True)
class Filters:
    section: object = None  # a Section
    tag: object = None  # a Tag
    author: object = None  # an Author
    since: datetime.datetime | None = None  # published at or after
    until: datetime.datetime | None = None  # published before

    def __bool__(self) -> bool:
        return any((self.section, self.tag, self.author, self.since, self.until))

    def apply(self, articles: QuerySet) -> QuerySet:
        """Return ARTICLES narrowed by these filters."""
        if self.section:
            articles = articles.filter(section=self.section)
        if self.tag:
            articles = articles.filter(tags=self.tag)
        if self.author:
            articles = articles.filter(authors=self.author)
        if self.since:
            articles = articles.filter(published_at__gte=self.since)
        if self.until:
            articles = articles.filter(published_at__lt=self.until)
        return articles


def allowed(edition: str, filters: Filters) -> QuerySet:
    """Return the articles readers of EDITION may find with FILTERS (ArticleQuerySet.published())."""
    return filters.apply(Article.objects.published().in_edition(edition))
