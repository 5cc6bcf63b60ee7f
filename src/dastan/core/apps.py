from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dastan.core"
    verbose_name = "Site"
