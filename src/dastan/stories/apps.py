from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dastan.stories"
    verbose_name = "Stories"

    def ready(self):
        from dastan.stories import signals  # noqa: F401 — connects extraction to article saves
