from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from dastan.core.admin import TranslatedNameAdmin
from dastan.taxonomy.models import Alias, Tag


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 2


@admin.register(Tag)
class TagAdmin(TranslatedNameAdmin, admin.ModelAdmin):
    inlines = [AliasInline]
    list_display = ("name", "kind", "slug", "article_count")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    # Explicit: the article count's GROUP BY drops Meta.ordering, and the autocomplete paginates.
    ordering = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description=_("articles"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles
