"""What a reader page tells search engines and social sites: canonical URL, hreflang alternates,
rel prev/next, OpenGraph and Twitter cards, feed links and JSON-LD.

Everything is read from the context the page already has, so no page runs an extra query.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from dastan.core.editions import current_edition, default_edition, edition_codes
from dastan.core.urlutils import absolute, absolute_url, edition_reverse
from dastan.publishing.models import Article
from dastan.syndication import jsonld

# Listings whose feeds exist, by the "kind" their view puts in the context.
FEED_KINDS = {"section": "section", "tag": "tag", "author": "author"}
# Listings whose address alone (path plus ?page=) names them; a search result page, which
# also needs its query, must not claim a canonical URL without it.
LISTING_KINDS = {*FEED_KINDS, "archive"}
FEED_FORMATS = (("rss", "application/rss+xml", "RSS"), ("atom", "application/atom+xml", "Atom"))


@dataclass
class PageMeta:
    canonical: str
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, absolute URL)
    prev: str | None = None
    next: str | None = None
    og: list[tuple[str, str]] = field(default_factory=list)
    twitter: list[tuple[str, str]] = field(default_factory=list)
    feeds: list[tuple[str, str, str]] = field(default_factory=list)  # (type, title, URL)
    json_ld: list[SafeString] = field(default_factory=list)
    noindex: bool = False


def _with_x_default(alternates: dict[str, str]) -> list[tuple[str, str]]:
    """Return hreflang pairs, plus x-default pointing at the default edition (else the first)."""
    if not alternates:
        return []
    fallback = alternates.get(default_edition()) or next(iter(alternates.values()))
    return [*alternates.items(), ("x-default", fallback)]


def _cards(*, kind: str, title: str, url: str, description: str, edition: str,
           image: str | None = None, image_alt: str = "") -> tuple[list, list]:
    og = [("og:type", kind), ("og:title", title), ("og:url", url), ("og:site_name", settings.SITE_NAME),
          ("og:locale", to_locale(edition))]
    twitter = [("twitter:card", "summary_large_image" if image else "summary"), ("twitter:title", title)]
    if description:
        og.append(("og:description", description))
        twitter.append(("twitter:description", description))
    if image:
        og += [("og:image", image), ("og:image:alt", image_alt)]
        twitter += [("twitter:image", image), ("twitter:image:alt", image_alt)]
    return og, twitter


def _feed_links(edition: str, kind: str = "edition", slug: str | None = None) -> list[tuple[str, str, str]]:
    kwargs = {"slug": slug} if slug else {}
    return [
        (mime, label, absolute(edition_reverse(f"syndication:{kind}-{fmt}", edition, **kwargs)))
        for fmt, mime, label in FEED_FORMATS
    ]


def article_meta(article: Article, translations: list[Article], *, preview: bool = False) -> PageMeta:
    """Return the metadata of an article page (translations: its published versions elsewhere)."""
    edition = article.edition
    url = absolute(article.get_absolute_url())
    alternates = {edition: url} | {t.edition: absolute(t.get_absolute_url()) for t in translations}
    image = absolute_url(article.image.url) if article.image else None
    og, twitter = _cards(kind="article", title=article.headline, url=url, description=article.lead,
                         edition=edition, image=image, image_alt=article.image_alt)
    if article.published_at:
        og.append(("article:published_time", article.published_at.isoformat()))
    og.append(("article:modified_time", max(filter(None, (article.updated_at, article.published_at)))
               .isoformat()))
    if article.section:
        og.append(("article:section", article.section.name_in(edition)))
    og += [("article:tag", tag.name_in(edition)) for tag in article.tags.all()]
    trail = [(settings.SITE_NAME, jsonld.home_url(edition))]
    if article.section:
        trail.append((article.section.name_in(edition), absolute(article.section.get_absolute_url(edition))))
    trail.append((article.headline, url))
    return PageMeta(
        canonical=url, alternates=_with_x_default(alternates), og=og, twitter=twitter,
        json_ld=[jsonld.dumps_for_script(jsonld.news_article(article, url)),
                 jsonld.dumps_for_script(jsonld.breadcrumbs(trail))],
        noindex=preview,
    )


def listing_meta(request: HttpRequest, *, page: Page, title: str, kind: str, subject=None) -> PageMeta:
    """Return the metadata of one page of a listing (section, tag, author, archive...)."""
    edition = current_edition()
    first = absolute(request.path)

    def page_url(number: int) -> str:
        return first if number == 1 else f"{first}?page={number}"

    description = getattr(subject, "description", "") or getattr(subject, "bio", "")
    og, twitter = _cards(kind="website", title=title, url=page_url(page.number), description=description,
                         edition=edition)
    slug = getattr(subject, "slug", None)
    return PageMeta(
        canonical=page_url(page.number),
        alternates=_with_x_default({code: absolute(translate_url(request.path, code))
                                    for code in edition_codes()}),
        prev=page_url(page.previous_page_number()) if page.has_previous() else None,
        next=page_url(page.next_page_number()) if page.has_next() else None,
        og=og, twitter=twitter,
        feeds=_feed_links(edition, FEED_KINDS[kind], slug) if kind in FEED_KINDS and slug else [],
        json_ld=[jsonld.dumps_for_script(jsonld.breadcrumbs([
            (settings.SITE_NAME, jsonld.home_url(edition)), (title, first),
        ]))],
    )


def home_meta() -> PageMeta:
    """Return the metadata of an edition's front page, with the WebSite and its SearchAction."""
    edition = current_edition()
    url = jsonld.home_url(edition)
    og, twitter = _cards(kind="website", title=settings.SITE_NAME, url=url,
                         description=_("Independent regional news"), edition=edition)
    return PageMeta(
        canonical=url,
        alternates=_with_x_default({code: jsonld.home_url(code) for code in edition_codes()}),
        og=og, twitter=twitter, feeds=_feed_links(edition),
        json_ld=[jsonld.dumps_for_script(jsonld.website(edition))],
    )


def page_meta(context) -> PageMeta | None:
    """Return the metadata for the page a template CONTEXT renders, or None for other pages."""
    request = context.get("request")
    article = context.get("article")
    if isinstance(article, Article):
        return article_meta(article, context.get("translations") or [], preview=bool(context.get("preview")))
    page = context.get("page")
    if request is not None and isinstance(page, Page) and context.get("kind") in LISTING_KINDS:
        return listing_meta(request, page=page, title=str(context.get("title", "")),
                            kind=context["kind"], subject=context.get("object"))
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "publishing:home":
        return home_meta()
    return None
