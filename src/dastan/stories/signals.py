"""Extract an article's timeline events whenever it is saved or its tags change, never on page view."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from dastan.publishing.models import Article
from dastan.stories.models import Event, EventSource


def extract_article(article: Article) -> None:
    """Find the article's events (the extraction's language tools are loaded on the first save)."""
    from dastan.stories.timeline import extract_article as extract

    extract(article)


@receiver(post_save, sender=Article, dispatch_uid="stories_extract_on_save")
def extract_on_save(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw:  # fixtures and loaddata carry no tags yet; their m2m signal follows
        extract_article(instance)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="stories_extract_on_tags")
def extract_on_tags(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse and action == "post_clear":  # tag.articles.clear(): the tag's sources all go
        EventSource.objects.filter(event__tag=instance).delete()
    elif reverse:  # tag.articles.add(...): extract each article touched
        articles = Article.objects.filter(pk__in=pk_set or ())
        for article in articles:
            extract_article(article)
    else:
        extract_article(instance)


@receiver(post_delete, sender=EventSource, dispatch_uid="stories_drop_orphan_events")
def drop_orphan_event(sender, instance: EventSource, **kwargs) -> None:
    """Delete an event left with no source, unless an editor has touched it (their edits are kept)."""
    event = Event.objects.filter(pk=instance.event_id, sources__isnull=True).first()
    if event is not None and not event.edited:
        event.delete()
