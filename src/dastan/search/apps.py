from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dastan.search"
    verbose_name = "Search"

    def ready(self):
        from dastan.search import signals  # noqa: F401  (connects the index to publishing)
