from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "dastan.importers"
    verbose_name = "Imports"
