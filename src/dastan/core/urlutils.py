"""Reverse URLs into a given edition's prefix; include URL configurations and views lazily."""

import functools
import importlib
from urllib.parse import urlsplit

from django.urls import URLResolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import translation

from dastan.core.editions import current_edition


def edition_reverse(viewname: str, edition: str | None = None, **kwargs) -> str:
    """Return the path of VIEWNAME under EDITION's prefix (default: the current edition)."""
    if edition is None or edition == translation.get_language():
        return reverse(viewname, kwargs=kwargs or None)  # a listing reverses dozens: skip the switch
    with translation.override(edition or current_edition()):
        return reverse(viewname, kwargs=kwargs or None)


def absolute(path: str) -> str:
    """Return PATH as an absolute URL on the configured site (settings.SITE_URL)."""
    from django.conf import settings

    return settings.SITE_URL + path


def absolute_url(url: str) -> str:
    """Return URL made absolute on the site, leaving already absolute URLs (a CDN's) alone."""
    return url if urlsplit(url).scheme or url.startswith("//") else absolute(url)


def lazy_view(dotted: str, *keys):
    """Return a view that imports DOTTED (``module.attribute``, then indexed by KEYS: a view kept
    in a dict) on its first request, and from then on hands every request to it.

    For views few workers ever serve (feeds, sitemaps): their modules and Django's feed and sitemap
    frameworks stay out of a worker that only serves pages.
    """
    module_name, _, attribute = dotted.rpartition(".")

    @functools.cache
    def target():
        view = getattr(importlib.import_module(module_name), attribute)
        for key in keys:
            view = view[key]
        return view

    def view(request, *args, **kwargs):
        return target()(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = attribute  # as Django's debug pages and checks name it
    view.__module__ = module_name
    return view


class LazyURLResolver(URLResolver):
    """A namespaced include whose URL configuration is imported when an address under it is first
    resolved or reversed, not when the site's URLs are first read.

    Django populates every nested resolver as soon as anything is reversed; a reader page reverses
    dozens of addresses, so a plain ``include()`` would import the admin (with every app's
    ModelAdmin) and the API (django-ninja, pydantic) in each worker that only serves readers.
    """

    def _populate(self):
        if "urlconf_module" in self.__dict__:  # the parent's populate pass: only once loaded
            super()._populate()

    def _load(self) -> None:
        self.urlconf_module  # noqa: B018 - imports the module (a cached property)

    @property
    def reverse_dict(self):
        self._load()
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self._load()
        return super().namespace_dict

    @property
    def app_dict(self):
        self._load()
        return super().app_dict


def lazy_include(route: str, module: str, *, app_name: str, namespace: str) -> LazyURLResolver:
    """Return ``path(route, include(module, namespace))`` that imports MODULE on first use."""
    return LazyURLResolver(RoutePattern(route, is_endpoint=False), module, app_name=app_name,
                           namespace=namespace)
