"""The API's endpoints: published articles (list and detail), sections, tags and authors."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router

from dastan.core.editions import edition_codes
from dastan.publishing.models import Article, Author, Section
from dastan.rates.formatting import quote_data, ticker_data
from dastan.rates.models import CURRENCIES
from dastan.rates.services import history, latest_quotes
from dastan.rates.views import MAX_HISTORY_DAYS
from dastan.syndication.api import schemas, serialize
from dastan.syndication.api.errors import BadRequest
from dastan.syndication.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, paginate
from dastan.taxonomy.models import Tag

router = Router()

SLUG = r"^[-\w]+$"
BAD = {400: schemas.Error}
# Dates outside these bounds cannot be turned into a database timestamp in every time zone;
# no article is that old or that far ahead, so such a bound filters nothing (or everything).
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(9998, 12, 31)

PageNumber = Query(1, ge=1, le=MAX_PAGE, description="1-based page number.")
PageSize = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows a page (at most 100).")
Since = Query(None, description="First day (YYYY-MM-DD), inclusive, in the site's time zone.")
Until = Query(None, description="Last day (YYYY-MM-DD), inclusive, in the site's time zone.")
Kind = Query(None, description="Only tags of this kind.")


def public_tags() -> QuerySet:
    """Return tags under at least one published article: a tag on drafts alone may give a story away."""
    return Tag.objects.filter(pk__in=Article.objects.published().values("tags"))


def public_authors() -> QuerySet:
    """Return authors with at least one published article."""
    return Author.objects.filter(pk__in=Article.objects.published().values("authors"))


def api_articles() -> QuerySet:
    """Return published articles with what a list entry shows joined, body left behind."""
    return (
        Article.objects.published()
        .select_related("section")
        .prefetch_related(
            Prefetch("authors", Author.objects.only("id", "name", "slug")),
            Prefetch("tags", Tag.objects.only("id", "name", "slug", "kind", "name_translations")),
        )
        .newest_first()
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


def _in_range(rows: QuerySet, since: datetime.date | None, until: datetime.date | None) -> QuerySet:
    """Return ROWS published from SINCE through UNTIL inclusive (days in the site's time zone)."""
    if since and until and since > until:
        raise BadRequest("'since' is after 'until'.")
    if (since and since > LATEST) or (until and until < EARLIEST):
        return rows.none()
    if since and since >= EARLIEST:
        rows = rows.filter(published_at__gte=_local_midnight(since))
    if until and until <= LATEST:
        rows = rows.filter(published_at__lt=_local_midnight(until + datetime.timedelta(days=1)))
    return rows


def _known(queryset: QuerySet, what: str, slug: str):
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise BadRequest(f"Unknown {what}: {slug!r}.")
    return found


@router.get("/articles", response={200: schemas.ArticlePage, **BAD}, tags=["articles"])
def list_articles(
    request: HttpRequest,
    edition: str | None = Query(None, pattern=r"^[a-z]{2,3}$", description="Edition code, e.g. en."),
    section: str | None = Query(None, pattern=SLUG, max_length=100, description="Section slug."),
    tag: str | None = Query(None, pattern=SLUG, max_length=200, description="Tag slug."),
    author: str | None = Query(None, pattern=SLUG, max_length=200, description="Author slug."),
    since: datetime.date | None = Since,
    until: datetime.date | None = Until,
    page: int = PageNumber,
    page_size: int = PageSize,
):
    """List published articles, newest first, filtered by edition, section, tag, author and dates."""
    rows = api_articles()
    if edition is not None:
        if edition not in edition_codes():
            raise BadRequest(f"Unknown edition: {edition!r}; editions are {', '.join(edition_codes())}.")
        rows = rows.in_edition(edition)
    if section is not None:
        rows = rows.filter(section=_known(Section.objects.all(), "section", section))
    if tag is not None:
        rows = rows.filter(tags=_known(public_tags(), "tag", tag))
    if author is not None:
        rows = rows.filter(authors=_known(public_authors(), "author", author))
    envelope, articles = paginate(request, _in_range(rows, since, until), page=page, page_size=page_size)
    return envelope | {"results": [serialize.article_summary(a) for a in articles]}


@router.get("/articles/{article_id}", response={200: schemas.ArticleDetail, 404: schemas.Error, **BAD},
            tags=["articles"])
def get_article(request: HttpRequest, article_id: int = Path(..., ge=1, le=2**63 - 1)):
    """Return one published article with its body, tags, section, authors and translations."""
    article = get_object_or_404(api_articles(), pk=article_id)
    translations = list(article.translations())
    return serialize.article_detail(article, translations)


@router.get("/sections", response={200: list[schemas.Section]}, tags=["taxonomy"])
def list_sections(request: HttpRequest):
    """List every section, in navigation order, with its name in each edition."""
    return [serialize.section(s) for s in Section.objects.all()]


@router.get("/tags", response={200: schemas.TagPage, **BAD}, tags=["taxonomy"])
def list_tags(request: HttpRequest, kind: Tag.Kind | None = Kind, page: int = PageNumber,
              page_size: int = PageSize):
    """List tags that have published articles, by name; optionally one kind only."""
    rows = public_tags().order_by("name", "slug")
    if kind is not None:
        rows = rows.filter(kind=kind)
    envelope, tags = paginate(request, rows, page=page, page_size=page_size)
    return envelope | {"results": [serialize.tag(t) for t in tags]}


@router.get("/authors", response={200: schemas.AuthorPage, **BAD}, tags=["taxonomy"])
def list_authors(request: HttpRequest, page: int = PageNumber, page_size: int = PageSize):
    """List authors who have published articles, by name."""
    rows = public_authors().order_by("name", "slug")
    envelope, authors = paginate(request, rows, page=page, page_size=page_size)
    return envelope | {"results": [serialize.author(a) for a in authors]}


@router.get("/rates/latest", response={200: schemas.LatestRates}, tags=["rates"])
def latest_rates(request: HttpRequest):
    """Return the latest official rate of each Central Asian currency against the US dollar."""
    return {"base": "USD", "rates": [ticker_data(item) for item in latest_quotes()]}


@router.get("/rates/{currency}/history", response={200: schemas.RateHistory, 404: schemas.Error, **BAD},
            tags=["rates"])
def rate_history(request: HttpRequest, currency: str = Path(..., pattern=r"^[A-Za-z]{3}$"),
                 since: datetime.date | None = Since, until: datetime.date | None = Until):
    """Return one currency's official rates, one a day, oldest first (at most 30 years at a time)."""
    currency = currency.upper()
    if currency not in CURRENCIES:
        raise Http404(f"Unknown currency {currency!r}: use one of {', '.join(CURRENCIES)}.")
    until = until or timezone.localdate()
    if since is None:
        try:
            since = until - datetime.timedelta(days=365)
        except OverflowError:  # until=0001-01-01
            since = datetime.date.min
    if since > until:
        raise BadRequest("'since' is after 'until'.")
    if (until - since).days > MAX_HISTORY_DAYS:
        raise BadRequest(f"Ask for at most {MAX_HISTORY_DAYS} days at a time.")
    rows = history(since, until, [currency])[currency]
    return {"base": "USD", "currency": currency, "rates": [quote_data(q) for q in rows]}
