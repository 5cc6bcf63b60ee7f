from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dastan.search"
    verbose_name = "Search"
