from django.contrib import admin

from dastan.rates.models import FetchLog, Quote


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["currency", "date", "units_per_usd", "source", "is_demo", "fetched_at"]
    list_filter = ["currency", "source", "is_demo"]
    date_hierarchy = "date"
    readonly_fields = ["priority"]


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = ["provider", "day", "status", "stored", "created_at"]
    list_filter = ["provider", "status"]
    date_hierarchy = "day"
