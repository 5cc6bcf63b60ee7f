from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dastan.stories"
    verbose_name = "Stories"
