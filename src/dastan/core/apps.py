from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "dastan.core"
    verbose_name = "Site"

    def ready(self):
        from dastan.core.converters import UnicodeSlugConverter

        register_converter(UnicodeSlugConverter, "uslug")
