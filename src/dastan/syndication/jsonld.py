"""schema.org JSON-LD for reader pages (https://schema.org/NewsArticle), built as dicts.

Serialised with json.dumps and then <, > and & escaped as \\u003c etc., so no text from an article
(a headline with </script>, say) can close the script element it sits in.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from dastan.core.urlutils import absolute, absolute_url, edition_reverse
from dastan.publishing.models import Article

CONTEXT = "https://schema.org"
# The schema.org type of each kind of tag, for "about".
TAG_TYPES = {"topic": "Thing", "person": "Person", "organisation": "Organization", "place": "Place"}
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dumps_for_script(data: dict) -> SafeString:
    """Return DATA as JSON safe to place inside a <script> element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe: every <, > and & that could end the script element is now a \u escape.
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def home_url(edition: str) -> str:
    return absolute(edition_reverse("publishing:home", edition))


def organization() -> dict:
    """Return the newsroom as a schema.org Organization."""
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}


def publisher() -> dict:
    """Return the newsroom as a schema.org Organization with its logo."""
    logo = settings.DASTAN_PUBLISHER_LOGO_URL or absolute_url(static("syndication/publisher-logo.png"))
    return organization() | {"logo": {"@type": "ImageObject", "url": logo}}


def news_article(article: Article, url: str) -> dict:
    """Return the NewsArticle of ARTICLE, whose canonical address is URL."""
    edition = article.edition
    tags = list(article.tags.all())
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.lead,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": max(filter(None, (article.updated_at, article.published_at))).isoformat(),
        "inLanguage": edition,
        # An unsigned article is the newsroom's own.
        "author": [
            {"@type": "Person", "name": a.name, "url": absolute(a.get_absolute_url(edition))}
            for a in article.authors.all()
        ] or [organization()],
        "publisher": publisher(),
        "keywords": [tag.name_in(edition) for tag in tags],
        "about": [
            {"@type": TAG_TYPES.get(tag.kind, "Thing"), "name": tag.name_in(edition),
             "url": absolute(tag.get_absolute_url(edition))}
            for tag in tags
        ],
        "isAccessibleForFree": True,
    }
    if article.section:
        data["articleSection"] = article.section.name_in(edition)
    if article.image:
        image = {"@type": "ImageObject", "url": absolute_url(article.image.url)}
        if article.image_width:
            image |= {"width": article.image_width, "height": article.image_height}
        if article.image_caption:
            image["caption"] = article.image_caption
        data["image"] = [image]
    return data


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """Return a BreadcrumbList of TRAIL, (name, absolute URL) pairs from the front page down."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def website(edition: str) -> dict:
    """Return the WebSite of EDITION with its SearchAction, for the front page."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": home_url(edition),
        "inLanguage": edition,
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            # The search app serves /<edition>/search/?q=...
            "target": {"@type": "EntryPoint",
                       "urlTemplate": home_url(edition) + "search/?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }
