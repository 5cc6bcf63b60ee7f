"""Sitemaps (https://www.sitemaps.org/protocol.html): front pages, articles by month, sections, tags
and authors, each URL absolute on settings.SITE_URL.

Articles are split one sitemap per month so none nears the protocol's 50,000 URLs; the index is
built per request because new months appear with the calendar.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dastan.core.editions import edition_codes
from dastan.core.urlutils import edition_reverse
from dastan.publishing.models import Article

MONTH_PREFIX = "articles-"


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are on settings.SITE_URL, whatever host the crawler asked."""

    def rows(self) -> list:
        """Return the items to list; subclasses say which."""
        raise NotImplementedError

    def items(self) -> list:
        # Django asks for items() more than once a request (paginator, lastmod): query once.
        if not hasattr(self, "_rows"):
            self._rows = self.rows()
        return self._rows

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


def _latest(*dates: datetime.datetime | None) -> datetime.datetime | None:
    return max((d for d in dates if d is not None), default=None)


class FrontPageSitemap(SiteSitemap):
    """The front page of every edition, so the sitemap index is never empty."""

    changefreq = "hourly"

    def rows(self) -> list[tuple[str, datetime.datetime | None]]:
        latest = dict(
            Article.objects.published().order_by().values_list("edition").annotate(Max("published_at"))
        )
        return [(code, latest.get(code)) for code in edition_codes()]

    def location(self, item) -> str:
        return edition_reverse("publishing:home", item[0])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return _latest(*(row[1] for row in self.items()))


class ArticleMonthSitemap(SiteSitemap):
    """The articles first published in one month (in the site's time zone), every edition."""

    def __init__(self, month: datetime.datetime, *, latest: datetime.datetime | None = None,
                 count: int | None = None):
        self.month = month
        self.latest = latest
        self.count = count

    def items(self):
        # A queryset, not a list: the paginator slices it, so a big month is never loaded whole.
        start = self.month
        end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return (
            Article.objects.published()
            .filter(published_at__gte=start, published_at__lt=end)
            .only("id", "edition", "slug", "published_at", "updated_at")
            .order_by("published_at", "id")
        )

    @property
    def num_pages(self) -> int:
        """Return how many sitemap pages the month fills, from the count the index already has."""
        return max(1, -(-(self.count or 0) // self.limit))

    def lastmod(self, item: Article) -> datetime.datetime:
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        return self.latest


class ListingSitemap(SiteSitemap):
    """Listing pages (one per subject and edition) that have at least one published article."""

    changefreq = "daily"
    lookup = ""  # the article relation whose slug names the page: section, tags or authors
    viewname = ""

    def rows(self) -> list[tuple[str, str, datetime.datetime]]:
        key = f"{self.lookup}__slug"
        return list(
            Article.objects.published()
            .filter(**{f"{key}__isnull": False})
            .order_by()
            .values_list(key, "edition")
            .annotate(latest=Max("published_at"))
            .order_by(key, "edition")
        )

    def location(self, item) -> str:
        return edition_reverse(self.viewname, item[1], slug=item[0])

    def lastmod(self, item):
        return item[2]


class SectionSitemap(ListingSitemap):
    lookup, viewname = "section", "publishing:section"


class TagSitemap(ListingSitemap):
    lookup, viewname = "tags", "taxonomy:tag"


class AuthorSitemap(ListingSitemap):
    lookup, viewname = "authors", "publishing:author"


LISTING_SITEMAPS = {"pages": FrontPageSitemap, "sections": SectionSitemap, "tags": TagSitemap,
                    "authors": AuthorSitemap}


def month_sitemaps() -> dict[str, ArticleMonthSitemap]:
    """Return one sitemap per month that has published articles, keyed articles-YYYY-MM."""
    rows = (
        Article.objects.published()
        .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("month")
        .annotate(updated=Max("updated_at"), published=Max("published_at"), count=Count("id"))
        .order_by("month")
    )
    return {
        f"{MONTH_PREFIX}{row['month']:%Y-%m}": ArticleMonthSitemap(
            row["month"], latest=_latest(row["updated"], row["published"]), count=row["count"]
        )
        for row in rows
    }


def sitemap_for(section: str) -> Sitemap | None:
    """Return the sitemap named SECTION (pages, sections, tags, authors, articles-YYYY-MM) or None."""
    if section in LISTING_SITEMAPS:
        return LISTING_SITEMAPS[section]()
    if section.startswith(MONTH_PREFIX):
        try:
            month = datetime.datetime.strptime(section[len(MONTH_PREFIX):], "%Y-%m")
        except ValueError:
            return None
        # Outside these years a month's bounds overflow a database timestamp; no article is there.
        if not 1900 <= month.year <= 9998 or section != f"{MONTH_PREFIX}{month:%Y-%m}":
            return None  # one URL per month: no "2026-1" twin of "2026-01"
        return ArticleMonthSitemap(timezone.make_aware(month))
    return None
