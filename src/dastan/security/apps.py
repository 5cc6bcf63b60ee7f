from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    default = True
    name = "dastan.security"
    verbose_name = "Security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dastan.security import signals  # noqa: F401 - connects the audit receivers


class DastanAdminConfig(admin_apps.AdminConfig):
    """Django's admin with Dastan's two-factor admin site as the default ``admin.site``."""

    default = False  # named explicitly in INSTALLED_APPS
    default_site = "dastan.security.admin_site.DastanAdminSite"
