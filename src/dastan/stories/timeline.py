"""Keep a tag's timeline in step with its articles: add, re-attach and drop event sources."""

from django.db import transaction
from django.utils import timezone

from dastan.publishing.models import Article
from dastan.stories.dates import DAY
from dastan.stories.extract import Candidate, extract_events
from dastan.stories.merge import belongs
from dastan.stories.models import Event, EventSource, sentence_key


class _TagEvents:
    """The events of one tag and edition on the dates an article gives, with their sentences."""

    def __init__(self, tag, edition: str, dates: set):
        self.tag, self.edition = tag, edition
        self.events = list(Event.objects.filter(tag=tag, edition=edition, date__in=dates)
                           .prefetch_related("sources"))
        self.sentences = {e.pk: [e.sentence] + [s.sentence for s in e.sources.all()] for e in self.events}

    def event_for(self, candidate: Candidate, key: str) -> Event:
        """Return the event CANDIDATE reports: same key, else a similar same-date one, else a new one."""
        same_date = [e for e in self.events
                     if e.date == candidate.date and e.precision == candidate.precision]
        event = next((e for e in same_date if e.key == key), None) or next(
            (e for e in same_date if belongs(candidate.sentence, key, event_key=e.key,
                                             sentences=self.sentences[e.pk], language=self.edition,
                                             exact_day=candidate.precision == DAY)),
            None,
        )
        if event is None:
            # get_or_create: two articles saved at once may both bring this sentence.
            event, _created = Event.objects.get_or_create(
                tag=self.tag, edition=self.edition, date=candidate.date, precision=candidate.precision,
                key=key, defaults={"sentence": candidate.sentence},
            )
            self.events.append(event)
            self.sentences.setdefault(event.pk, [event.sentence])
        self.sentences[event.pk].append(candidate.sentence)
        return event


@transaction.atomic
def extract_article(article: Article) -> int:
    """Bring ARTICLE's event sources up to date with its text and tags; return how many it has.

    Editors' fields on events are never written here: a hidden, pinned, corrected or merged event
    keeps its edits when its article is edited and extracted again.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    candidates: list[Candidate] = []
    if article.status == Article.Status.PUBLISHED and article.published_at:
        candidates = extract_events(lead=article.lead, body=article.body, language=article.edition,
                                    published=timezone.localdate(article.published_at))
    had = {(s.event.tag_id, s.event.date, s.event.precision, s.key): s
           for s in EventSource.objects.filter(article=article, event__edition=article.edition)
           .select_related("event")}
    keep: set[int] = set()
    dates = {c.date for c in candidates}
    for tag in article.tags.all() if candidates else ():
        events = _TagEvents(tag, article.edition, dates)
        for candidate in candidates:
            key = sentence_key(candidate.sentence)
            source = had.get((tag.pk, candidate.date, candidate.precision, key))
            if source is None:
                source, _created = EventSource.objects.get_or_create(
                    event=events.event_for(candidate, key), article=article, key=key,
                    defaults={"sentence": candidate.sentence},
                )
            keep.add(source.pk)
    # Each deleted source takes its event along when nothing else and no editor holds it (signals.py).
    EventSource.objects.filter(article=article).exclude(pk__in=keep).delete()
    return len(keep)
