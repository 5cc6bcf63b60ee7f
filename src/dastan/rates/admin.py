from django.contrib import admin

from dastan.rates.models import FetchLog, Quote


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rates come only from the banks (through the plausibility band): view or delete, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["currency", "date", "units_per_usd", "source", "is_demo", "fetched_at"]
    list_filter = ["currency", "source", "is_demo"]
    date_hierarchy = "date"


@admin.register(FetchLog)
class FetchLogAdmin(ReadOnlyAdmin):
    list_display = ["provider", "day", "status", "stored", "created_at"]
    list_filter = ["provider", "status"]
    date_hierarchy = "day"
