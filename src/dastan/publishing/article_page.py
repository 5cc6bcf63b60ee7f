"""The article page in parts, each a cached fragment keyed on what it shows (docs/performance.md).

The view checks in the database that the article is published in the edition (one indexed
query); the parts are rendered from the full article, loaded only when a part is missing or stale.
"""

import dataclasses
from collections.abc import Callable

from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import timezone

from dastan.caching import fragments
from dastan.caching.fragments import Built
from dastan.caching.listings import related_articles
from dastan.caching.models import ListingEntry
from dastan.core.editions import edition_choices
from dastan.publishing.models import Article
from dastan.syndication.metadata import article_meta

RELATED_COUNT = 4


@dataclasses.dataclass(frozen=True)
class Link:
    """A published translation of an article, as its page links it."""

    edition: str
    headline: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


def _translations(*, pk: int, translation_key) -> Built:
    # Scheduled translations are read too: the first of them to appear ends the fragment's life.
    rows = (Article.objects.filter(status=Article.Status.PUBLISHED, translation_key=translation_key)
            .exclude(pk=pk).only("id", "edition", "slug", "headline", "published_at"))
    now = timezone.now()
    live = [r for r in rows if r.published_at <= now]
    links = [Link(r.edition, r.headline, r.get_absolute_url()) for r in live]
    return Built(links, [f"translations-{translation_key}", *(f"article-{r.pk}" for r in live)],
                 until=min((r.published_at for r in rows if r.published_at > now), default=None))


def _names_shown(article: Article) -> list[str]:
    return [f"article-{article.pk}", *(f"name-tag-{t.pk}" for t in article.tags.all()),
            *(f"name-author-{a.pk}" for a in article.authors.all())]


def _head(article: Article, translations: Built, *, preview: bool) -> Built:
    meta = article_meta(article, translations.value, preview=preview)
    return Built(render_to_string("syndication/meta.html", {"meta": meta}),
                 [*_names_shown(article), *translations.keys], until=translations.until)


def _main(article: Article, *, preview: bool) -> Built:
    html = render_to_string("publishing/_article_main.html", {"article": article})
    share = "" if preview else render_to_string("publishing/_share_links.html", {"article": article})
    day = timezone.localdate(article.published_at) if article.published_at else None
    return Built((html, share), [*_names_shown(article), f"rates-{day}", "rates-any"])


def _related(article: Article, *, edition: str, store: bool) -> Built:
    tag_ids = [t.pk for t in article.tags.all()]
    items = related_articles(article_id=article.pk, tag_ids=tag_ids, edition=edition, limit=RELATED_COUNT)
    until = None
    if store and tag_ids:
        # A scheduled article of one of the tags may rank among the related when it appears.
        until = (ListingEntry.objects.filter(scope="tag", scope_id__in=tag_ids, edition=edition,
                                             published_at__gt=timezone.now())
                 .aggregate(next=Min("published_at"))["next"])
    return Built(render_to_string("publishing/_related.html", {"related": items}),
                 [f"article-{article.pk}", *(f"tag-{pk}" for pk in tag_ids),
                  *(f"article-{r.pk}" for r in items)],
                 until=until)


def article_context(request, *, pk: int, version: int, translation_key, edition: str,
                    load: Callable[[], Article], preview: bool = False) -> dict:
    """Return the context of article PK's page: its parts from the cache, or rendered from LOAD()."""
    names = {part: fragments.name(part, pk, version) for part in ("translations", "article-head", "article")}
    names["related"] = fragments.name("related", pk)
    if preview:  # drafts are never stored, and staff see every part fresh
        request.fragments = fragments.Fragments(request, enabled=False)
    frags = fragments.for_request(request, names.values())
    loaded: list[Article] = []

    def article() -> Article:
        if not loaded:
            loaded.append(load())
        return loaded[0]

    translations = frags.part(names["translations"],
                              lambda: _translations(pk=pk, translation_key=translation_key))
    head = frags.get(names["article-head"], lambda: _head(article(), translations, preview=preview))
    main, share = frags.get(names["article"], lambda: _main(article(), preview=preview))
    related = frags.get(names["related"], lambda: _related(article(), edition=edition, store=frags.enabled))
    return {"head": head, "main": main, "share": share, "related": related,
            "translations": translations.value, "article_edition": edition, "preview": preview,
            "article_edition_links": _edition_links(edition, translations.value)}


def _edition_links(edition: str, translations: list) -> list[dict]:
    """Return the edition links: the story in each edition that has it, else that edition's home."""
    urls = {t.edition: t.get_absolute_url() for t in translations}
    return [{"code": code, "name": name, "current": code == edition, "url": urls.get(code, f"/{code}/")}
            for code, name in edition_choices()]
