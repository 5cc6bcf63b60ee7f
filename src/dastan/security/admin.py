from django.contrib import admin

from dastan.security.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only for everyone: nobody, superusers included, adds, edits or deletes."""

    list_display = ("at", "actor_name", "action", "object_repr", "ip_address", "detail")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("actor_name", "object_repr", "object_id", "ip_address", "detail")
    date_hierarchy = "at"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
