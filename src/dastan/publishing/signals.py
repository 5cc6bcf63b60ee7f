"""Keep cached navigation in step with sections."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dastan.core.context_processors import NAV_CACHE_KEY
from dastan.publishing.models import Section


@receiver([post_save, post_delete], sender=Section)
def forget_navigation(**kwargs) -> None:
    cache.delete(NAV_CACHE_KEY)
