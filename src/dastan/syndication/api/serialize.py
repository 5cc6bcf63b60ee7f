"""Turn published rows into the API's data, names in the article's or the asked edition."""

from dastan.core.editions import edition_codes
from dastan.core.urlutils import absolute
from dastan.publishing.models import Article, Author, Section
from dastan.syndication.feeds import absolute_url
from dastan.taxonomy.models import Tag


def _names(obj: Section | Tag) -> dict[str, str]:
    return {code: obj.name_in(code) for code in edition_codes()}


def _urls(obj: Section | Tag | Author) -> dict[str, str]:
    return {code: absolute(obj.get_absolute_url(code)) for code in edition_codes()}


def article_summary(article: Article) -> dict:
    """Return ARTICLE as a list entry (no body)."""
    edition = article.edition
    section = article.section
    return {
        "id": article.pk,
        "edition": edition,
        "slug": article.slug,
        "url": absolute(article.get_absolute_url()),
        "headline": article.headline,
        "lead": article.lead,
        "published_at": article.published_at,
        "updated_at": max(article.updated_at, article.published_at),
        "section": {"slug": section.slug, "name": section.name_in(edition)} if section else None,
        "authors": [{"slug": a.slug, "name": a.name} for a in article.authors.all()],
        "tags": [{"slug": t.slug, "kind": t.kind, "name": t.name_in(edition)} for t in article.tags.all()],
        "image": {
            "url": absolute_url(article.image.url), "width": article.image_width,
            "height": article.image_height, "alt": article.image_alt,
            "caption": article.image_caption, "credit": article.image_credit,
        } if article.image else None,
    }


def article_detail(article: Article, translations: list[Article]) -> dict:
    """Return ARTICLE with its body and its published TRANSLATIONS."""
    return article_summary(article) | {
        "body": article.body,
        "translations": [{"edition": t.edition, "url": absolute(t.get_absolute_url())} for t in translations],
    }


def section(obj: Section) -> dict:
    return {"slug": obj.slug, "name": obj.name, "names": _names(obj), "urls": _urls(obj)}


def tag(obj: Tag) -> dict:
    return {"slug": obj.slug, "kind": obj.kind, "name": obj.name, "names": _names(obj),
            "description": obj.description, "urls": _urls(obj)}


def author(obj: Author) -> dict:
    return {"slug": obj.slug, "name": obj.name, "bio": obj.bio, "urls": _urls(obj)}
