from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "dastan.syndication"
    verbose_name = "Syndication"
