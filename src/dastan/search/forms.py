"""The search form: the query and its filters, each checked before any search runs."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from dastan.publishing.models import Author, Section
from dastan.search.backends.base import NEWEST, RELEVANCE
from dastan.search.filters import Filters
from dastan.search.query import clean
from dastan.taxonomy.models import Tag

MIDNIGHT = datetime.time.min


class SlugChoiceField(forms.ModelChoiceField):
    """A filter given by slug; an unknown slug is an error naming it, not a silent empty list."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)
        self.error_messages["invalid_choice"] = _("%(kind)s “%(value)s” was not found.")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            if "\x00" in str(value):  # PostgreSQL refuses NUL in text: it can name nothing
                raise self.queryset.model.DoesNotExist
            return self.queryset.get(slug=str(value)[:300])
        except (ValueError, TypeError, self.queryset.model.DoesNotExist):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice",
                params={"value": str(value)[:100], "kind": capfirst(self.queryset.model._meta.verbose_name)},
            ) from None


class QueryField(forms.CharField):
    """The search text, control characters (NUL included) turned into spaces before any check."""

    def to_python(self, value):
        return clean(super().to_python(value))


class SearchForm(forms.Form):
    q = QueryField(label=_("Search for"), required=False)
    section = SlugChoiceField(Section.objects.all(), label=_("Section"))
    tag = SlugChoiceField(Tag.objects.all(), label=_("Topic"), widget=forms.HiddenInput)
    author = SlugChoiceField(Author.objects.all(), label=_("Author"), widget=forms.HiddenInput)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(RELEVANCE, _("relevance")), (NEWEST, _("date"))],
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> Filters:
        """Return the valid form's filters; dates are whole days in the site's time zone."""
        data = self.cleaned_data
        since = _midnight(data.get("since"), days=0)
        until = _midnight(data.get("until"), days=1)
        return Filters(section=data.get("section"), tag=data.get("tag"), author=data.get("author"),
                       since=since, until=until)


def _midnight(day: datetime.date | None, *, days: int) -> datetime.datetime | None:
    """Return the start of DAY plus DAYS in the site's time zone, or None past the calendar's ends.

    0001-01-01 in Tashkent is still year 0 in UTC, and 9999-12-31 has no next day: such a bound
    excludes nothing, so it is dropped.
    """
    if day is None:
        return None
    try:
        moment = datetime.datetime.combine(day + datetime.timedelta(days=days), MIDNIGHT,
                                           timezone.get_current_timezone())
        moment.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return moment
