"""Shapes of the API's answers; the OpenAPI schema is generated from them."""

import datetime

from ninja import Schema


class Error(Schema):
    detail: str
    errors: list[dict[str, str]] = []


class SectionRef(Schema):
    slug: str
    name: str


class TagRef(Schema):
    slug: str
    kind: str
    name: str


class AuthorRef(Schema):
    slug: str
    name: str


class Image(Schema):
    url: str
    width: int | None
    height: int | None
    alt: str
    caption: str
    credit: str


class ArticleSummary(Schema):
    id: int
    edition: str
    slug: str
    url: str
    headline: str
    lead: str
    published_at: datetime.datetime
    updated_at: datetime.datetime
    section: SectionRef | None
    authors: list[AuthorRef]
    tags: list[TagRef]
    image: Image | None


class Translation(Schema):
    edition: str
    url: str


class ArticleDetail(ArticleSummary):
    body: str
    translations: list[Translation]


class Section(Schema):
    slug: str
    name: str
    names: dict[str, str]
    urls: dict[str, str]


class Tag(Schema):
    slug: str
    kind: str
    name: str
    names: dict[str, str]
    description: str
    urls: dict[str, str]


class Author(Schema):
    slug: str
    name: str
    bio: str
    urls: dict[str, str]


class Page(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None


class ArticlePage(Page):
    results: list[ArticleSummary]


class TagPage(Page):
    results: list[Tag]


class AuthorPage(Page):
    results: list[Author]


class RateQuote(Schema):
    """One official rate: units of CURRENCY per US dollar, and its inverse, as exact decimal strings."""

    currency: str
    date: datetime.date
    source: str
    units_per_usd: str
    usd_per_unit: str
    is_demo: bool


class TickerRate(RateQuote):
    change_percent: str | None
    previous_date: datetime.date | None
    stale: bool


class LatestRates(Schema):
    base: str
    rates: list[TickerRate]


class RateHistory(Schema):
    base: str
    currency: str
    rates: list[RateQuote]
