"""Abstract pieces that several apps' models share."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dastan.core.editions import current_edition


class TranslatedName(models.Model):
    """A name in the default edition's language, plus one per other edition where it differs."""

    name = models.CharField(_("name"), max_length=200)
    name_translations = models.JSONField(
        _("names in other editions"), default=dict, blank=True,
        help_text=_("Edition code to name, e.g. {\"ru\": \"Политика\"}."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def name_in(self, edition: str | None = None) -> str:
        """Return the name for EDITION (default: the current one), falling back to ``name``."""
        edition = edition or current_edition()
        return (self.name_translations or {}).get(edition) or self.name

    @property
    def display_name(self) -> str:
        return self.name_in()

