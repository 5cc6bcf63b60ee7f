"""Rebuild the listing index after bulk writes that bypassed model signals."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from dastan.caching import keys
from dastan.caching.models import ListingEntry

FILL_SQL = """
INSERT INTO caching_listingentry (scope, scope_id, article_id, edition, published_at)
SELECT %s, link.{column}, a.id, a.edition, a.published_at
FROM {through} link JOIN publishing_article a ON a.id = link.article_id
WHERE a.status = 'published' AND a.published_at IS NOT NULL
"""


class Command(BaseCommand):
    help = "Rebuild the tag and author listing index from the articles (after bulk imports)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="drop and refill the whole index")

    def handle(self, *args, rebuild: bool = False, **options):
        if not rebuild:
            self.stdout.write(f"{ListingEntry.objects.count()} rows; pass --rebuild to refill")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            ListingEntry.objects.all().delete()
            # One INSERT ... SELECT per scope: a million articles take seconds, not a Python loop.
            cursor.execute(FILL_SQL.format(column="tag_id", through="publishing_article_tags"), ["tag"])
            cursor.execute(FILL_SQL.format(column="author_id", through="publishing_article_authors"),
                           ["author"])
        keys.purge(["site"])  # every cached page and count may have changed
        self.stdout.write(f"{ListingEntry.objects.count()} rows")
