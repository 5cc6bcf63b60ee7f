"""Timeline events in the admin (hide, pin, merge, correct) and tag suggestions on the article form."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from dastan.publishing.admin import ArticleAdmin, ArticleAdminForm
from dastan.publishing.models import Article
from dastan.stories.models import Event, EventSource, RejectedCandidate
from dastan.taxonomy.models import Tag


class EventSourceInline(admin.TabularInline):
    model = EventSource
    fields = ("article", "sentence")
    readonly_fields = ("article", "sentence")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = "__all__"

    def clean_merged_into(self):
        target = self.cleaned_data.get("merged_into")
        event = self.instance
        if target is None:
            return target
        if target.tag_id != event.tag_id or target.edition != event.edition:
            raise forms.ValidationError(_("An event can only be merged into an event of the same tag and "
                                          "edition."), code="merge_other_tag")
        seen, step = {event.pk}, target
        while step is not None:  # merging into an event that is (through others) merged into this one
            if step.pk in seen:
                raise forms.ValidationError(_("This merge would go round in a circle: choose the event "
                                              "that stands for the others."), code="merge_cycle")
            seen.add(step.pk)
            step = step.merged_into
        return target

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("corrected_precision") and not cleaned.get("corrected_date"):
            self.add_error("corrected_date", _("Give the corrected date that this precision applies to."))
        return cleaned


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = ("shown_iso", "short_sentence", "tag", "edition", "source_count", "pinned", "hidden",
                    "merged_into")
    list_filter = ("edition", "precision", "pinned", "hidden", ("merged_into", admin.EmptyFieldListFilter),
                   "tag")
    list_select_related = ("tag", "merged_into")
    search_fields = ("sentence", "corrected_sentence", "tag__name")
    raw_id_fields = ("merged_into",)
    readonly_fields = ("tag", "edition", "date", "precision", "sentence")
    fields = ("tag", "edition", "date", "precision", "sentence", "pinned", "hidden", "corrected_date",
              "corrected_precision", "corrected_sentence", "merged_into")
    inlines = [EventSourceInline]
    actions = ("hide", "unhide", "pin", "unpin", "merge")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_sources=Count("sources"))

    def has_add_permission(self, request):
        return False  # events come from articles; editors correct them, they do not invent them

    @admin.display(description=_("sentence"))
    def short_sentence(self, obj):
        return obj.shown_sentence[:120]

    @admin.display(description=_("sources"), ordering="n_sources")
    def source_count(self, obj):
        return obj.n_sources

    @admin.action(description=_("Hide selected events from the timeline"))
    def hide(self, request, queryset):
        queryset.update(hidden=True)

    @admin.action(description=_("Show selected events again"))
    def unhide(self, request, queryset):
        queryset.update(hidden=False)

    @admin.action(description=_("Pin selected events as key events"))
    def pin(self, request, queryset):
        queryset.update(pinned=True)

    @admin.action(description=_("Unpin selected events"))
    def unpin(self, request, queryset):
        queryset.update(pinned=False)

    @admin.action(description=_("Merge selected events into the oldest one"))
    def merge(self, request, queryset):
        events = list(queryset.order_by("date", "id"))
        if len({(e.tag_id, e.edition) for e in events}) != 1 or len(events) < 2:
            self.message_user(request, _("Choose two or more events of one tag in one edition to merge."),
                              messages.ERROR)
            return
        target, rest = events[0], events[1:]
        with transaction.atomic():
            Event.objects.filter(merged_into__in=rest).update(merged_into=target)
            Event.objects.filter(pk__in=[e.pk for e in rest]).update(merged_into=target)
            if target.merged_into_id:
                Event.objects.filter(pk=target.pk).update(merged_into=None)
        self.message_user(request, _("Merged %(count)d events into “%(event)s”.") % {
            "count": len(rest), "event": target}, messages.SUCCESS)


@admin.register(RejectedCandidate)
class RejectedCandidateAdmin(admin.ModelAdmin):
    list_display = ("name", "rejected_at")
    search_fields = ("name",)


def _article_suggestions(article: Article) -> tuple[list[Tag], list[str]]:
    """Return existing tags the article names but lacks, and new tag candidates from its text."""
    # Imported here: the language tools (rapidfuzz, morphology tables) would otherwise be loaded
    # by every reader-facing worker at start, through the admin's autodiscovery.
    from dastan.stories.candidates import new_candidates
    from dastan.stories.extract import article_text
    from dastan.stories.suggest import find_tags, tag_spellings

    text = "\n".join([article.headline, *article_text(lead=article.lead, body=article.body)])
    tags = Tag.objects.prefetch_related("aliases")
    spellings = tag_spellings(tags)
    present = set(article.tags.values_list("pk", flat=True))
    existing = [m.key for m in find_tags(text, spellings) if m.key.pk not in present]
    rejected = RejectedCandidate.objects.values_list("name", flat=True)
    return existing, new_candidates(text, known=spellings, rejected=rejected)


class SuggestingArticleForm(ArticleAdminForm):
    add_suggested_tags = forms.ModelMultipleChoiceField(
        Tag.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Tags named in the text"), help_text=_("Tick to add them to the article."),
    )
    create_tags = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("New tags to create"),
        help_text=_("Names found in the text that are not tags yet: tick to create and add them."),
    )
    reject_candidates = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Never suggest these"),
    )
    suggestions: tuple[list[Tag], list[str]] = ([], [])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        existing, candidates = self.suggestions
        self.fields["add_suggested_tags"].queryset = Tag.objects.filter(pk__in=[t.pk for t in existing])
        choices = [(name, name) for name in candidates]
        self.fields["create_tags"].choices = choices
        self.fields["reject_candidates"].choices = choices

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("create_tags") or ()) & set(cleaned.get("reject_candidates") or ())
        if both:
            raise forms.ValidationError(_("A name cannot be both created and rejected: %(names)s"),
                                        params={"names": ", ".join(sorted(both))}, code="suggestion_conflict")
        return cleaned


class StoriesArticleAdmin(ArticleAdmin):
    """The publishing admin, plus a panel of tag suggestions on the change form."""

    form = SuggestingArticleForm

    def _suggestion_fields(self, request) -> list[str]:
        """Return the suggestion fields REQUEST's user may use: creating tags takes taxonomy rights."""
        fields = ["add_suggested_tags"]
        if request.user.has_perm("taxonomy.add_tag"):
            fields.append("create_tags")
        if request.user.has_perm("stories.add_rejectedcandidate"):
            fields.append("reject_candidates")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Suggested tags"), {"fields": self._suggestion_fields(request)}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        suggestions = _article_suggestions(obj) if obj is not None else ([], [])
        return type(form.__name__, (form,), {"suggestions": suggestions})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        allowed = self._suggestion_fields(request)
        data = {name: form.cleaned_data.get(name) or () for name in allowed}
        chosen = list(data.get("add_suggested_tags", ()))
        for name in data.get("create_tags", ()):
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                slug = slugify(name, allow_unicode=True)[:190] or "tag"
                while Tag.objects.filter(slug=slug).exists():
                    slug += "-2"
                tag = Tag.objects.create(name=name, slug=slug)
            chosen.append(tag)
        if chosen:
            article.tags.add(*chosen)
        for name in data.get("reject_candidates", ()):
            RejectedCandidate.objects.get_or_create(name=name)


admin.site.unregister(Article)
admin.site.register(Article, StoriesArticleAdmin)
