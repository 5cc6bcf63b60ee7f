from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "dastan.rates"
    verbose_name = "Exchange rates"
