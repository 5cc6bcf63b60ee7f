"""A file cache for purge tokens on one machine without Redis."""

from django.core.cache.backends.filebased import FileBasedCache


class TokenFileCache(FileBasedCache):
    """FileBasedCache that never culls.

    Django's file cache lists the whole folder on every write to decide whether to cull; tokens
    are one small file per surrogate key and never expire, so that listing would grow with every
    article ever edited and slow each purge. Losing a token is harmless (its pages go stale), so
    nothing needs culling either.
    """

    def _cull(self):
        return None
