"""The timeline page of a tag: its dated events, oldest first, each with its source articles."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from dastan.core.editions import current_edition
from dastan.publishing.models import Article
from dastan.stories.models import Event, EventSource
from dastan.taxonomy.models import Tag


def timeline_events(tag: Tag, edition: str) -> list[Event]:
    """Return the tag's shown events in EDITION, oldest first, each with ``.articles`` to link.

    Two queries whatever the number of events: the events, then every source with its article.
    An event merged into another lends it its sources; hidden events and events none of whose
    articles readers may see are left out.
    """
    events = {e.pk: e for e in Event.objects.filter(tag=tag, edition=edition)}
    sources = (
        EventSource.objects.filter(event__tag=tag, event__edition=edition,
                                   article__in=Article.objects.published())
        .select_related("article").only("event_id", "article__id", "article__edition", "article__slug",
                                        "article__headline", "article__published_at")
        .order_by("article__published_at", "article_id")
    )
    shown: dict[int, Event] = {}
    links: dict[int, list[Article]] = {}
    for source in sources:
        event = events.get(source.event_id)
        if event is None:  # created between the two queries
            continue
        # Follow merges to the event that stands for them all (a chain, never a cycle).
        seen = set()
        while event.merged_into_id and event.merged_into_id in events and event.pk not in seen:
            seen.add(event.pk)
            event = events[event.merged_into_id]
        if event.hidden:
            continue
        shown[event.pk] = event
        articles = links.setdefault(event.pk, [])
        if source.article not in articles:
            articles.append(source.article)
    for event in shown.values():
        event.articles = links[event.pk]
    return sorted(shown.values(), key=lambda e: (e.shown_date, e.pk))


def tag_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the timeline of a tag in the current edition."""
    edition = current_edition()
    tag = get_object_or_404(Tag, slug=slug)
    return render(request, "stories/timeline.html", {
        "tag": tag, "title": tag.name_in(edition), "events": timeline_events(tag, edition),
    })
