"""Imported items and old URLs, for editors to see and correct."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dastan.importers.models import ImportRecord, Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "article", "target", "created_at")
    search_fields = ("old_path", "article__headline", "article__slug")
    list_select_related = ("article",)
    raw_id_fields = ("article",)
    readonly_fields = ("created_at",)

    @admin.display(description=_("redirects to"))
    def target(self, obj: Redirect) -> str:
        url = obj.article.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ("post_id", "kind", "article", "site", "image_url", "imported_at")
    list_filter = ("kind", "site")
    search_fields = ("guid", "article__headline", "image_url")
    list_select_related = ("article",)
    raw_id_fields = ("article",)
    readonly_fields = ("site", "post_id", "guid", "kind", "content_hash", "thumbnail_id", "imported_at")
