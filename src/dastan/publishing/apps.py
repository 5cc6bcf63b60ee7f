from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "dastan.publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from dastan.publishing import signals  # noqa: F401 - connects receivers
        from dastan.publishing.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
        from dastan.publishing.renditions import prepare

        post_save.connect(prepare, sender=self.get_model("Article"), dispatch_uid="renditions-prepare")
