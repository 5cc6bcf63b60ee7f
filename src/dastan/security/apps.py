from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "dastan.security"
    verbose_name = "Security"
