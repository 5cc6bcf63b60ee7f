from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "dastan.caching"
    verbose_name = "Caching"
