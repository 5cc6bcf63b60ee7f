"""Keep the listing index and the caches in step with every article, tag, section and author write.

Purges happen at once (so this process never serves what it just changed) and again after the
transaction commits (so a reader that re-cached the old rows meanwhile is purged too).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from dastan.caching import keys as surrogate
from dastan.caching.models import ListingEntry
from dastan.publishing.models import Article, Author, Section
from dastan.rates.models import Quote
from dastan.taxonomy.models import Tag


def article_keys(state: dict) -> set[str]:
    """Return the surrogate keys of every page that shows an article in STATE."""
    edition = state["edition"]
    found = {f"article-{state['id']}", f"home-{edition}", f"list-{edition}",
             f"translations-{state['translation_key']}"}
    if state["section_id"]:
        found.add(f"section-{state['section_id']}")
    found.update(f"tag-{pk}" for pk in state["tag_ids"])
    found.update(f"author-{pk}" for pk in state["author_ids"])
    return found


def _state(article: Article, *, tag_ids=None, author_ids=None) -> dict:
    return {
        "id": article.pk, "edition": article.edition, "status": article.status,
        "section_id": article.section_id, "translation_key": article.translation_key,
        "tag_ids": set(tag_ids if tag_ids is not None else article.tags.values_list("id", flat=True)),
        "author_ids": set(author_ids if author_ids is not None
                          else article.authors.values_list("id", flat=True)),
    }


def purge_now_and_on_commit(keys: set[str]) -> None:
    """Purge KEYS now and once more when the current transaction commits."""
    if keys:
        surrogate.purge(keys)
        transaction.on_commit(lambda: surrogate.purge(keys))


def _shows(*states: dict) -> bool:
    # Drafts are on no reader page; published (live or scheduled) ones are, or will be.
    return any(s and s["status"] == Article.Status.PUBLISHED for s in states)


def sync_listing(article: Article) -> None:
    """Rewrite the listing-index rows of ARTICLE from its current state."""
    ListingEntry.objects.filter(article_id=article.pk).delete()
    if article.status != Article.Status.PUBLISHED or not article.published_at:
        return
    common = {"article_id": article.pk, "edition": article.edition, "published_at": article.published_at}
    rows = [ListingEntry(scope="tag", scope_id=pk, **common)
            for pk in article.tags.values_list("id", flat=True)]
    rows += [ListingEntry(scope="author", scope_id=pk, **common)
             for pk in article.authors.values_list("id", flat=True)]
    ListingEntry.objects.bulk_create(rows)


def remember_old_state(sender, instance: Article, raw=False, **kwargs):
    instance._cache_old_state = None
    if instance.pk and not raw:
        old = Article.objects.filter(pk=instance.pk).first()
        if old is not None:
            instance._cache_old_state = _state(old)


def article_saved(sender, instance: Article, raw=False, **kwargs):
    if raw:
        return
    new = _state(instance)
    old = getattr(instance, "_cache_old_state", None)
    sync_listing(instance)
    if _shows(old, new):
        purge_now_and_on_commit(article_keys(new) | (article_keys(old) if old else set()))


def article_deleting(sender, instance: Article, **kwargs):
    instance._cache_old_state = _state(instance)


def article_deleted(sender, instance: Article, **kwargs):
    old = getattr(instance, "_cache_old_state", None)
    if _shows(old):
        purge_now_and_on_commit(article_keys(old))


def _relation_changed(kind: str):
    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if action == "pre_clear":
            if reverse:
                instance._cache_cleared = set(instance.articles.values_list("id", flat=True))
            else:
                related = instance.tags if kind == "tag" else instance.authors
                instance._cache_cleared = set(related.values_list("id", flat=True))
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        changed = pk_set if action != "post_clear" else getattr(instance, "_cache_cleared", set())
        articles = Article.objects.filter(pk__in=changed) if reverse else [instance]
        for article in articles:
            sync_listing(article)
            if article.status != Article.Status.PUBLISHED:
                continue
            keys = {f"article-{article.pk}"}
            if reverse:
                keys |= article_keys(_state(article)) | {f"{kind}-{instance.pk}"}
            else:
                keys |= {f"{kind}-{pk}" for pk in changed} | article_keys(_state(article))
            purge_now_and_on_commit(keys)

    return handler


def named_thing_changed(kind: str, site_wide: bool = False):
    def handler(sender, instance, raw=False, **kwargs):
        if raw:
            return
        keys = {f"{kind}-{instance.pk}", f"name-{kind}-{instance.pk}"}
        if site_wide:
            keys.add("site")  # sections are in every page's navigation
        purge_now_and_on_commit(keys)
        if kwargs.get("signal") is post_delete and kind in ("tag", "author"):
            ListingEntry.objects.filter(scope=kind, scope_id=instance.pk).delete()

    return handler


def quote_changed(sender, instance: Quote, raw=False, **kwargs):
    """Purge the ticker and the amounts converted at the rates a saved or deleted quote changes."""
    if not raw:
        from dastan.rates.services import rate_keys

        purge_now_and_on_commit(rate_keys([instance.date]))


_tag_handler = _relation_changed("tag")
_author_handler = _relation_changed("author")
_tag_named = named_thing_changed("tag")
_author_named = named_thing_changed("author")
_section_named = named_thing_changed("section", site_wide=True)


def connect() -> None:
    """Connect the handlers (called once from the app config)."""
    pre_save.connect(remember_old_state, sender=Article, dispatch_uid="caching-article-pre")
    post_save.connect(article_saved, sender=Article, dispatch_uid="caching-article-post")
    pre_delete.connect(article_deleting, sender=Article, dispatch_uid="caching-article-pre-delete")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="caching-article-delete")
    m2m_changed.connect(_tag_handler, sender=Article.tags.through, dispatch_uid="caching-tags")
    m2m_changed.connect(_author_handler, sender=Article.authors.through, dispatch_uid="caching-authors")
    post_save.connect(quote_changed, sender=Quote, dispatch_uid="caching-quote-save")
    post_delete.connect(quote_changed, sender=Quote, dispatch_uid="caching-quote-delete")
    for model, handler in ((Tag, _tag_named), (Author, _author_named), (Section, _section_named)):
        post_save.connect(handler, sender=model, dispatch_uid=f"caching-{model.__name__}-save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"caching-{model.__name__}-delete")
