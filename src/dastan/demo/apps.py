from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dastan.demo"
    verbose_name = "Demo content"
