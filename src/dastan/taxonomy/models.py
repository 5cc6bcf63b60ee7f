"""Tags: the topics, people, places and organisations that running stories are gathered under."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dastan.core.models import TranslatedName


class Tag(TranslatedName):
    """A topic readers follow; one tag page per edition lists every article under it."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        PLACE = "place", _("Place")

    # Slugs are kept as WordPress imports them, so old /tag/<slug>/ links survive.
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def get_absolute_url(self, edition: str | None = None) -> str:
        from dastan.core.urlutils import edition_reverse

        return edition_reverse("taxonomy:tag", edition, slug=self.slug)

    def spellings(self) -> list[str]:
        """Return every spelling of the tag: its names in all editions, then its aliases."""
        names = [self.name, *(self.name_translations or {}).values()]
        names += [alias.name for alias in self.aliases.all()]
        return list(dict.fromkeys(n for n in names if n))


class Alias(models.Model):
    """Another spelling of a tag's name (Rakhmon, Rahmonov, Рахмон for Rahmon)."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("spelling"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["tag", "name"], name="taxonomy_alias_unique_per_tag")
        ]

    def __str__(self):
        return self.name


