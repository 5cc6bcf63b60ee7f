"""The admin's URLs, imported on the first admin request or reverse (dastan.core.urlutils.lazy_include).

Importing this module registers every app's ModelAdmin (Django's autodiscovery), which the admin
app config no longer does at start: a worker that only serves readers never loads them.
"""

from django.contrib import admin

admin.autodiscover()

urlpatterns, app_name, _namespace = admin.site.urls
