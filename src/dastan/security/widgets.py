"""Admin autocomplete widgets that survive a tampered form."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _SafeSelectedMixin:
    """Drop selected values that are not valid keys before the widget looks them up.

    Django's autocomplete widget re-renders a rejected form by filtering the related table with the
    posted values as they are, so a posted "1e9" for an id turns a form error into a 500.
    """

    def optgroups(self, name, value, attr=None):
        model = self.choices.queryset.model
        key = getattr(self.field.remote_field, "field_name", None) or model._meta.pk.name
        to_field = model._meta.get_field(key)
        valid = []
        for item in value:
            try:
                checked = to_field.to_python(item)
                if isinstance(checked, int) and not -(2**63) <= checked < 2**63:
                    continue  # beyond any database integer: it cannot be a stored key
                valid.append(item)
            except (ValidationError, ValueError, TypeError):
                continue
        return super().optgroups(name, valid, attr)


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
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._make_safe(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._make_safe(super().formfield_for_manytomany(db_field, request, **kwargs))
