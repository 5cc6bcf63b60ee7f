"""Keep a tag's timeline in step with its articles: add, re-attach and drop event sources."""

from django.db import transaction

from dastan.publishing.models import Article
from dastan.stories.extract import Candidate, extract_events
from dastan.stories.merge import belongs
from dastan.stories.models import Event, EventSource, sentence_key


def _published_date(article: Article):
    from django.utils import timezone

    return timezone.localdate(article.published_at)


def _find_event(tag, article: Article, candidate: Candidate, key: str) -> Event | None:
    """Return the event CANDIDATE belongs to under TAG: same key, else a similar same-date event."""
    same_date = list(
        Event.objects.filter(tag=tag, edition=article.edition, date=candidate.date,
                             precision=candidate.precision).prefetch_related("sources")
    )
    for event in same_date:
        if event.key == key:
            return event
    for event in same_date:
        sentences = [event.sentence] + [s.sentence for s in event.sources.all()]
        if belongs(candidate.sentence, key, event_key=event.key, sentences=sentences,
                   language=article.edition):
            return event
    return None


@transaction.atomic
def extract_article(article: Article) -> int:
    """Bring ARTICLE's event sources up to date with its text and tags; return how many it has.

    Editors' fields on events are never written here: a hidden, pinned, corrected or merged event
    keeps its edits when its article is edited and extracted again.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    candidates: list[Candidate] = []
    if article.status == Article.Status.PUBLISHED and article.published_at:
        candidates = extract_events(lead=article.lead, body=article.body,
                                    published=_published_date(article), language=article.edition)
    keep: set[int] = set()
    for tag in article.tags.all():
        for candidate in candidates:
            key = sentence_key(candidate.sentence)
            existing = EventSource.objects.filter(
                article=article, key=key, event__tag=tag, event__date=candidate.date,
                event__precision=candidate.precision, event__edition=article.edition,
            ).first()
            if existing is None:
                event = _find_event(tag, article, candidate, key) or Event.objects.create(
                    tag=tag, edition=article.edition, date=candidate.date, precision=candidate.precision,
                    sentence=candidate.sentence, key=key,
                )
                existing, _created = EventSource.objects.get_or_create(
                    event=event, article=article, key=key, defaults={"sentence": candidate.sentence})
            keep.add(existing.pk)
    # Each deleted source takes its event along when nothing else and no editor holds it (signals.py).
    EventSource.objects.filter(article=article).exclude(pk__in=keep).delete()
    return len(keep)
