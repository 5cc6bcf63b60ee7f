"""Admin helpers shared by apps whose models have per-edition names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dastan.core.editions import edition_choices


class TranslatedNameAdminForm(forms.ModelForm):
    """Read and write the "name in <edition>" fields that TranslatedNameAdmin declares."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.name_translations or {}
        for code, _label in edition_choices()[1:]:
            if f"name_{code}" in self.fields:
                self.fields[f"name_{code}"].initial = stored.get(code, "")

    def save(self, commit=True):
        translations = dict(self.instance.name_translations or {})
        for code, _label in edition_choices()[1:]:
            value = (self.cleaned_data.get(f"name_{code}") or "").strip()
            if value:
                translations[code] = value
            else:
                translations.pop(code, None)
        self.instance.name_translations = translations
        return super().save(commit)


class TranslatedNameAdmin:
    """ModelAdmin mixin: one "name (edition)" field per non-default edition instead of raw JSON.

    The editions come from settings when the form is built, so adding one needs no code change.
    """

    form = TranslatedNameAdminForm
    exclude = ("name_translations",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        extra = {
            f"name_{code}": forms.CharField(
                label=_("Name (%(edition)s)") % {"edition": label}, required=False, max_length=200
            )
            for code, label in edition_choices()[1:]
        }
        kwargs["form"] = type("TranslatedForm", (kwargs.get("form", self.form),), extra)
        return super().get_form(request, obj, change, **kwargs)
