"""Keep the index in step with publishing: every save, tag change and delete reindexes at once.

Indexing runs inside the saving transaction (the index lives in the same database), so an
article and its index entry are committed or rolled back together.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from dastan.publishing.models import Article
from dastan.search import aliases
from dastan.search.backends import get_backend
from dastan.search.backends.base import index_changed
from dastan.taxonomy.models import Alias, Tag


def reindex(article_ids) -> None:
    """Reindex the articles with ARTICLE_IDS, as they are now."""
    backend = get_backend()
    index_changed()
    for article in Article.objects.filter(pk__in=list(article_ids)).prefetch_related("tags__aliases"):
        if article.status == Article.Status.PUBLISHED:
            backend.write([_document(article)], replace=True)
        else:
            backend.remove_article(article.pk)


def _document(article):
    from dastan.search.documents import document_for

    return document_for(article, article.tags.all())


@receiver(post_save, sender=Article, dispatch_uid="search-article-saved")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        get_backend().index_article(instance)
        index_changed()


@receiver(post_delete, sender=Article, dispatch_uid="search-article-deleted")
def article_deleted(sender, instance, **kwargs):
    get_backend().remove_article(instance.pk)
    index_changed()


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search-article-tags")
def article_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":
        instance._search_cleared = list(instance.articles.values_list("pk", flat=True))
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        reindex([instance.pk])
    elif action == "post_clear":
        reindex(getattr(instance, "_search_cleared", []))
    else:
        reindex(pk_set or [])


@receiver(post_save, sender=Tag, dispatch_uid="search-tag-saved")
def tag_saved(sender, instance, raw=False, created=False, **kwargs):
    aliases.forget()
    if not raw and not created:
        reindex(instance.articles.values_list("pk", flat=True))


@receiver(pre_delete, sender=Tag, dispatch_uid="search-tag-deleting")
def tag_deleting(sender, instance, **kwargs):
    instance._search_articles = list(instance.articles.values_list("pk", flat=True))


@receiver(post_delete, sender=Tag, dispatch_uid="search-tag-deleted")
def tag_deleted(sender, instance, **kwargs):
    aliases.forget()
    reindex(getattr(instance, "_search_articles", []))


@receiver(post_save, sender=Alias, dispatch_uid="search-alias-saved")
@receiver(post_delete, sender=Alias, dispatch_uid="search-alias-deleted")
def alias_changed(sender, instance, raw=False, **kwargs):
    aliases.forget()
    if not raw:
        reindex(Article.objects.filter(tags=instance.tag_id).values_list("pk", flat=True))
