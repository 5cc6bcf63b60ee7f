"""Timeline events found in a tag's articles, their sources, and tag candidates editors rejected."""

import datetime
import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from dastan.core.editions import edition_choices
from dastan.stories.dates import iso_at_precision


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def sentence_key(sentence: str) -> str:
    """Return a stable hash of a sentence, blind to case, spacing and punctuation."""
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in sentence).split()
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


class Event(models.Model):
    """One dated event of a running story under a tag, in one edition.

    Extraction only creates events and adds or removes their sources; the editor's fields (hidden,
    pinned, corrected_*, merged_into) are never written by it, so they survive re-extraction.
    """

    tag = models.ForeignKey("taxonomy.Tag", on_delete=models.CASCADE, related_name="events",
                            verbose_name=_("tag"))
    edition = models.CharField(_("edition"), max_length=10, choices=edition_choices)
    date = models.DateField(_("date"), help_text=_("The first day of the month or year when less precise."))
    precision = models.CharField(_("precision"), max_length=5, choices=Precision.choices)
    sentence = models.TextField(_("sentence"))
    # (tag, edition, date, precision, key of the first sentence): how extraction finds it again.
    key = models.CharField(max_length=40, editable=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False,
                                 help_text=_("A key event, marked on the timeline."))
    corrected_sentence = models.TextField(_("corrected sentence"), blank=True)
    corrected_date = models.DateField(_("corrected date"), null=True, blank=True)
    corrected_precision = models.CharField(_("corrected precision"), max_length=5, blank=True,
                                           choices=Precision.choices)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="merged", verbose_name=_("merged into"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        constraints = [
            models.UniqueConstraint(fields=["tag", "edition", "date", "precision", "key"],
                                    name="stories_event_unique_key"),
        ]
        indexes = [models.Index(fields=["tag", "edition", "date"], name="stories_event_timeline")]

    def __str__(self):
        return f"{self.shown_iso}: {self.shown_sentence[:80]}"

    @property
    def edited(self) -> bool:
        return bool(self.hidden or self.pinned or self.corrected_sentence or self.corrected_date
                    or self.merged_into_id or self.merged.exists())

    @property
    def shown_date(self) -> datetime.date:
        return self.corrected_date or self.date

    @property
    def shown_precision(self) -> str:
        return self.corrected_precision or self.precision

    @property
    def shown_sentence(self) -> str:
        return self.corrected_sentence or self.sentence

    @property
    def shown_iso(self) -> str:
        return iso_at_precision(self.shown_date, self.shown_precision)


class EventSource(models.Model):
    """An article that reports an event, with the sentence it does so in."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sources")
    article = models.ForeignKey("publishing.Article", on_delete=models.CASCADE, related_name="event_sources")
    sentence = models.TextField(_("sentence"))
    key = models.CharField(max_length=40, editable=False)

    class Meta:
        ordering = ["article__published_at", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["event", "article", "key"], name="stories_source_unique"),
        ]

    def __str__(self):
        return self.sentence[:80]


class RejectedCandidate(models.Model):
    """A new-tag candidate an editor turned down; it is not proposed again."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("rejected tag candidate")
        verbose_name_plural = _("rejected tag candidates")

    def __str__(self):
        return self.name
