from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StoriesConfig(AppConfig):
    name = "dastan.stories"
    verbose_name = "Stories"

    def ready(self):
        from dastan.stories import signals  # noqa: F401 — connects extraction to article saves
        from dastan.stories.roles import grant_editor_permissions

        post_migrate.connect(grant_editor_permissions, sender=self, dispatch_uid="stories_editor_permissions")
