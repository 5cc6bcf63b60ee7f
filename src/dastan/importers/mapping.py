"""How a WordPress post's fields become an article's: pure functions, no database."""

import datetime
import email.utils
import hashlib
import html
import json
import re
from dataclasses import dataclass
from urllib.parse import unquote

from anyascii import anyascii
from django.utils.html import strip_tags
from django.utils.text import slugify

from dastan.importers.autop import autop
from dastan.importers.shortcodes import expand_captions
from dastan.importers.wxr import WxrItem
from dastan.publishing.models import Article

HEADLINE_MAX = Article._meta.get_field("headline").max_length
SLUG_MAX = Article._meta.get_field("slug").max_length
NO_DATE = "0000-00-00 00:00:00"
RFC822_DATE = re.compile(r"\b\d{1,2} [A-Za-z]{3} \d{4} \d\d:\d\d")

# wp:status → our status. "future" is published with a time to come: Dastan's "scheduled".
# Private and pending posts were not public on WordPress, so they stay unpublished here.
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
# Statuses that are not content at all: WordPress's own leftovers.
IGNORED_STATUSES = {"trash", "auto-draft", "inherit"}


@dataclass
class PostFields:
    """An article's fields as the post gives them, with anything worth telling the editor."""

    headline: str
    slug: str
    body: str
    lead: str
    status: str
    published_at: datetime.datetime | None
    warnings: list[str]


def post_fields(item: WxrItem) -> PostFields:
    """Return the article fields for ITEM; raise ValueError for a date that cannot be read."""
    warnings: list[str] = []
    headline = plain_text(item.title)
    if not headline:
        headline = f"Untitled (WordPress post {item.post_id})"
        warnings.append("it has no title: imported as a draft named " + repr(headline))
    if len(headline) > HEADLINE_MAX:
        headline = headline[: HEADLINE_MAX - 1] + "…"
        warnings.append(f"its title is longer than {HEADLINE_MAX} characters and was shortened")
    status = STATUSES.get(item.status)
    if status is None:
        warnings.append(f"unknown status {item.status!r}: imported as a draft")
        status = Article.Status.DRAFT
    if not plain_text(item.title):
        status = Article.Status.DRAFT
    published_at = publication_time(item)
    if status == Article.Status.PUBLISHED and published_at is None:
        warnings.append("it is published but has no date: imported as a draft")
        status = Article.Status.DRAFT
    return PostFields(
        headline=headline,
        slug=post_slug(item, headline),
        body=autop(expand_captions(item.content)),
        lead=plain_text(item.excerpt),
        status=status,
        published_at=published_at,
        warnings=warnings,
    )


def publication_time(item: WxrItem) -> datetime.datetime | None:
    """Return the post's time in UTC from wp:post_date_gmt, else its RSS pubDate; None for drafts."""
    if item.post_date_gmt and item.post_date_gmt != NO_DATE:
        try:
            naive = datetime.datetime.strptime(item.post_date_gmt, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise ValueError(f"wp:post_date_gmt {item.post_date_gmt!r} is not a date") from None
        return naive.replace(tzinfo=datetime.UTC)
    # WordPress writes "Mon, 30 Nov -0001" for no date, which Python's parser reads as 2000.
    if item.status in ("publish", "future") and RFC822_DATE.search(item.pub_date):
        try:
            parsed = email.utils.parsedate_to_datetime(item.pub_date)
        except (TypeError, ValueError):
            return None
        if parsed.tzinfo is not None:
            return parsed.astimezone(datetime.UTC)
    return None


def post_slug(item: WxrItem, headline: str) -> str:
    """Return the slug WordPress used (decoded), else one made from the headline or the id."""
    slug = slugify(unquote(item.post_name), allow_unicode=True) or slugify(headline, allow_unicode=True)
    return (slug or f"post-{item.post_id}")[:SLUG_MAX].strip("-")


def term_slug(nicename: str, name: str) -> str:
    """Return a term's slug as WordPress had it (percent-decoded), so /tag/<slug>/ links survive."""
    return slugify(unquote(nicename), allow_unicode=True) or slugify(name, allow_unicode=True)


def section_slug(nicename: str, name: str) -> str:
    """Return an ASCII slug for a section (section URLs take only ASCII): "Политика" gives "politika"."""
    return slugify(anyascii(unquote(nicename))) or slugify(anyascii(name))


def plain_text(value: str) -> str:
    """Return VALUE without tags or entities, its whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(value or ""))).strip()


def item_hash(item: WxrItem) -> str:
    """Return a hash of everything the import reads from ITEM: equal hashes mean nothing changed."""
    fields = [
        item.title, item.link, item.guid, item.pub_date, item.creator, item.content, item.excerpt,
        item.post_name, item.status, item.post_date_gmt, sorted(item.terms), sorted(item.meta.items()),
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()
