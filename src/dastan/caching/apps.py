from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "dastan.caching"
    verbose_name = "Caching"

    def ready(self):
        from dastan.caching import signals

        signals.connect()
