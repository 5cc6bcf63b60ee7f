"""URL map: reader pages under one prefix per edition (/en/, /ru/), the admin at /admin/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from dastan.core import views as core_views
from dastan.core.urlutils import lazy_include

handler404 = "dastan.core.views.page_not_found"
handler500 = "dastan.security.outage.server_error"  # 503 while the database is away

# Reader pages first, the most requested first: Django tries patterns in order, and every
# pattern is anchored at both ends, so the order changes only how soon an address is found.
urlpatterns = i18n_patterns(
    path("", include("dastan.publishing.urls")),
    path("", include("dastan.taxonomy.urls")),
    path("", include("dastan.search.urls")),
    path("", include("dastan.stories.urls")),
    path("", include("dastan.syndication.urls")),
    path("", include("dastan.rates.urls")),
    prefix_default_language=True,
)

# The admin and the API are imported on their first use: most workers only ever serve readers.
urlpatterns += [
    lazy_include("admin/", "dastan.security.admin_urls", app_name="admin", namespace="admin"),
    lazy_include("api/", "dastan.syndication.api.urls", app_name="ninja", namespace="api"),
    path("", RedirectView.as_view(url=f"/{settings.LANGUAGE_CODE}/", permanent=False)),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("dastan.syndication.root_urls")),
]

if settings.DASTAN_SERVE_MEDIA:
    from django.views.static import serve

    urlpatterns.insert(0, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
