"""The newsroom's admin: filters, autocomplete, preview, scheduling, revisions, edit conflicts."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from dastan.core.admin import TranslatedNameAdmin
from dastan.publishing.models import Article, Author, Section
from dastan.publishing.roles import can_publish, owns
from dastan.security.uploads import clean_upload
from dastan.security.widgets import SafeAutocompleteAdminMixin

CONFLICT_MESSAGE = _(
    "This article was saved by someone else after you opened it. Nothing of yours is lost: your "
    "version is below, not yet saved. It differs from the saved one in: %(fields)s. Check them, "
    "then save again to keep your version."
)


class StateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == Article.State.DRAFT:
            return queryset.filter(status=Article.Status.DRAFT)
        if value == Article.State.SCHEDULED:
            return queryset.scheduled()
        if value == Article.State.PUBLISHED:
            return queryset.published()
        return queryset


class ArticleAdminForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # From the database, not the instance: a revision being restored carries its old version.
            current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            self.fields["loaded_version"].initial = current
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "Times are in %(zone)s. A future time schedules the article."
            ) % {"zone": timezone.get_current_timezone_name()}

    def clean_image(self):
        # Decoded, limited and stripped of metadata (GPS) before it can be published.
        return clean_upload(self.cleaned_data.get("image"))

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            # Lock the row until the admin's transaction ends: two forms posted at the same instant
            # would otherwise both pass this check and the second save would fail with a 500.
            current = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
            if current is not None and current.version != loaded:
                # The instance was read at POST time, so changed_data compares against what is
                # saved now: exactly the fields the editor must look at.
                changed = [
                    str(self.fields[name].label or name) for name in self.changed_data
                    if name != "loaded_version"
                ] or [str(_("none"))]
                # Let the next save go through: the editor has now been shown the conflict.
                self.data = self.data.copy()
                self.data["loaded_version"] = current.version
                raise forms.ValidationError(CONFLICT_MESSAGE, code="conflict",
                                            params={"fields": ", ".join(changed)})
        return cleaned


@admin.register(Article)
class ArticleAdmin(SafeAutocompleteAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = ("headline", "edition", "state_label", "section", "published_at", "updated_at")
    list_filter = (StateFilter, "edition", "section", ("published_at", admin.DateFieldListFilter))
    list_select_related = ("section",)
    search_fields = ("headline", "lead", "slug")
    date_hierarchy = "published_at"
    autocomplete_fields = ("authors", "tags", "section", "translation_of")
    prepopulated_fields = {"slug": ("headline",)}
    readonly_fields = ("preview_link", "updated_at")
    actions = ("publish_now", "unpublish")
    fieldsets = (
        (None, {"fields": ("edition", "headline", "slug", "lead", "body", "loaded_version")}),
        (_("Publishing"), {"fields": ("status", "published_at", "preview_link", "updated_at")}),
        (_("Bylines and topics"), {"fields": ("authors", "section", "tags", "translation_of")}),
        (_("Lead image"), {"fields": ("image", "image_alt", "image_caption", "image_credit")}),
    )

    def view_on_site(self, obj):
        """Link drafts and scheduled articles to their preview: their public URL is a 404 until then."""
        if obj.is_live:
            return obj.get_absolute_url()
        return reverse("publishing:preview", kwargs={"pk": obj.pk})

    @admin.display(description=_("status"), ordering="published_at")
    def state_label(self, obj):
        return Article.State(obj.state).label

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("publishing:preview", kwargs={"pk": obj.pk})
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Preview"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["status", "published_at"]
        return fields

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.status == Article.Status.DRAFT and owns(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_publish(request.user)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion writes the old revision before the change form checks rights, so that
        # check sees the old article (a draft, an old byline): check the article as it is today.
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        # Deleting is an editor's decision (a takedown, say); so is bringing an article back.
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            actions.pop("publish_now", None)
            actions.pop("unpublish", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not can_publish(request.user):
            obj.status = Article.Status.DRAFT
        obj.save(expected_version=form.cleaned_data.get("loaded_version") if change else None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        author = getattr(request.user, "author", None)
        if not change and author is not None and not form.instance.authors.exists():
            form.instance.authors.add(author)

    @admin.action(description=_("Publish selected articles now"), permissions=["change"])
    def publish_now(self, request, queryset):
        # of=self: the changelist joins the nullable section, which PostgreSQL refuses to lock.
        now = timezone.now()
        with transaction.atomic():
            for article in queryset.select_for_update(of=("self",)):
                article.status = Article.Status.PUBLISHED
                article.published_at = min(article.published_at or now, now)
                article.save()
        self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(description=_("Unpublish selected articles (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        with transaction.atomic():
            for article in queryset.select_for_update(of=("self",)):
                article.status = Article.Status.DRAFT
                article.save()
        self.message_user(request, _("Moved back to draft."), messages.SUCCESS)


@admin.register(Section)
class SectionAdmin(TranslatedNameAdmin, admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class AuthorAdminForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = "__all__"

    def clean_photo(self):
        return clean_upload(self.cleaned_data.get("photo"))


@admin.register(Author)
class AuthorAdmin(SafeAutocompleteAdminMixin, admin.ModelAdmin):
    form = AuthorAdminForm
    list_display = ("name", "slug", "user")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)
