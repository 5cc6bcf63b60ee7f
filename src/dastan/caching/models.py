"""The listing index: one narrow row per (tag or author, published article), in listing order."""

from django.db import models


class ListingEntry(models.Model):
    """A published article under a tag or an author, denormalised so a page is one index range.

    Tag and author pages order articles that reach them through a many-to-many table; sorting that
    join costs as much as the tag is big (half a million rows for a popular tag at 1,000,000
    articles). Kept in step with articles by ``dastan.caching.signals``; ``dastan manage
    listings --rebuild`` rebuilds it after bulk writes that bypass model signals.
    """

    class Scope(models.TextChoices):
        TAG = "tag"
        AUTHOR = "author"

    scope = models.CharField(max_length=8, choices=Scope.choices)
    scope_id = models.BigIntegerField()
    article = models.ForeignKey("publishing.Article", on_delete=models.CASCADE, related_name="+")
    edition = models.CharField(max_length=10)
    # Copied from the article; scheduled articles have rows too and appear when this time passes.
    published_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "scope_id", "article"], name="caching_listing_unique"),
        ]
        indexes = [
            models.Index(fields=["scope", "scope_id", "edition", "-published_at", "-article"],
                         name="caching_listing_order"),
            models.Index(fields=["article"], name="caching_listing_article"),
        ]

    def __str__(self):
        return f"{self.scope} {self.scope_id}: article {self.article_id}"
