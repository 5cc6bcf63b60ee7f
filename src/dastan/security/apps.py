from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.admin import autodiscover
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


class SecurityConfig(AppConfig):
    default = True
    name = "dastan.security"
    verbose_name = "Security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dastan.security import signals  # noqa: F401 - connects the audit receivers


class DastanAdminConfig(admin_apps.SimpleAdminConfig):
    """Django's admin with Dastan's two-factor admin site as the default ``admin.site``.

    Unlike Django's AdminConfig it does not import every app's ``admin`` module at start: the
    admin's URL configuration (dastan.security.admin_urls) does, on the first admin request, and
    so does the admin's system check, so ``check`` still sees every ModelAdmin.
    """

    default = False  # named explicitly in INSTALLED_APPS
    default_site = "dastan.security.admin_site.DastanAdminSite"

    def ready(self):
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_registered_admins, checks.Tags.admin)


def check_registered_admins(app_configs, **kwargs):
    """Django's check of every registered ModelAdmin, after registering them."""
    autodiscover()
    return check_admin_app(app_configs, **kwargs)
