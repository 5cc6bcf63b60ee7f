"""What the index holds for one article: folded keys by weight, and the body as plain text."""

import html
import re
from dataclasses import dataclass

from django.db import connection

from dastan.search.folding import text_keys

_TAG = re.compile(r"<[^>]*>")  # bodies are sanitised on save (nh3): no comments or scripts remain


@dataclass(frozen=True)
class Document:
    article_id: int
    edition: str
    published_at: object  # as the database stores it, for the index to compare with the clock
    section_id: int | None  # for the section filter, in the index too
    head: str  # keys of the headline and of every spelling of every tag: ranked highest
    lead: str  # keys of the lead
    body: str  # keys of the body
    body_text: str  # the body as plain text, for snippets


def plain_text(body_html: str) -> str:
    """Return BODY_HTML as plain text, one space where each tag was."""
    return " ".join(html.unescape(_TAG.sub(" ", body_html or "")).split())


def document_for(article, tags=None, *, spellings: list[str] | None = None) -> Document:
    """Return the index document of ARTICLE.

    TAGS (with aliases prefetched) saves a query; SPELLINGS, every spelling of every tag in the
    order of article.tags.all(), saves loading the tags at all (a rebuild knows them already).
    """
    if spellings is None:
        tags = article.tags.prefetch_related("aliases") if tags is None else tags
        spellings = [spelling for tag in tags for spelling in tag.spellings()]
    spellings = " ".join(spellings)
    body_text = plain_text(article.body)
    return Document(
        article_id=article.pk,
        edition=article.edition,
        published_at=connection.ops.adapt_datetimefield_value(article.published_at),
        section_id=article.section_id,
        head=text_keys(f"{article.headline} {spellings}"),
        lead=text_keys(article.lead or ""),
        body=text_keys(body_text),
        body_text=body_text,
    )


def is_indexed(article) -> bool:
    """Tell whether ARTICLE belongs in the index: published now or scheduled for later.

    Scheduled articles are indexed ahead of time; searches compare their publication time
    with the clock (ArticleQuerySet.published()), so they appear by themselves when it comes.
    """
    return article.status == article.Status.PUBLISHED and article.published_at is not None
