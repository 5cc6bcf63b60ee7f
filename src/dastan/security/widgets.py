"""Admin autocomplete widgets that survive a tampered form."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField

# Keys beyond a 64-bit integer cannot be stored ones; SQLite raises OverflowError for them.
KEY_RANGE = range(-(2**63), 2**63)


def _as_key(to_field, item):
    """Return ITEM as TO_FIELD's value, or None if it is not one or no database could store it."""
    try:
        checked = to_field.to_python(item)
    except (ValidationError, ValueError, TypeError):
        return None
    return None if isinstance(checked, int) and checked not in KEY_RANGE else checked


class _SafeSelectedMixin:
    """Drop selected values that are not valid keys before the widget looks them up.

    Django's autocomplete widget re-renders a rejected form by filtering the related table with the
    posted values as they are, so a posted "1e9" for an id turns a form error into a 500.
    """

    def optgroups(self, name, value, attr=None):
        model = self.choices.queryset.model
        key = getattr(self.field.remote_field, "field_name", None) or model._meta.pk.name
        to_field = model._meta.get_field(key)
        valid = [item for item in value if _as_key(to_field, item) is not None]
        return super().optgroups(name, valid, attr)


class SafeModelMultipleChoiceField(ModelMultipleChoiceField):
    """A many-to-many form field that calls a posted value that cannot be a stored key (not a key,
    or an id beyond any integer) an invalid choice.

    Django filters the related table with every posted id (``pk__in``) to check them; on SQLite an
    id past 64 bits raises OverflowError there, a 500 instead of a form error.
    """

    def _check_values(self, value):
        meta = self.queryset.model._meta
        to_field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        for item in value if isinstance(value, list | tuple) else ():
            if _as_key(to_field, item) is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": item})
        return super()._check_values(value)


class SafeAutocompleteSelect(_SafeSelectedMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_SafeSelectedMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdminMixin:
    """ModelAdmin mixin swapping Django's autocomplete widgets for the safe ones above."""

    def _make_safe(self, formfield):
        widget = getattr(formfield, "widget", None)
        inner = getattr(widget, "widget", widget)  # inside the add/change-related wrapper
        if type(inner) is AutocompleteSelect:
            inner.__class__ = SafeAutocompleteSelect
        elif type(inner) is AutocompleteSelectMultiple:
            inner.__class__ = SafeAutocompleteSelectMultiple
        if type(formfield) is ModelMultipleChoiceField:
            formfield.__class__ = SafeModelMultipleChoiceField
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._make_safe(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._make_safe(super().formfield_for_manytomany(db_field, request, **kwargs))
