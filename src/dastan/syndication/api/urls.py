"""The public API's URLs, imported on the first API request or reverse (django-ninja and pydantic
stay out of the workers that only serve readers)."""

from dastan.syndication.api.app import api

urlpatterns, app_name, _namespace = api.urls
