"""Site-wide syndication URLs: sitemaps, robots.txt and the public API (no edition prefix)."""

from django.urls import path

from dastan.syndication import views
from dastan.syndication.api.app import api

urlpatterns = [
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", views.news_sitemap, name="sitemap-news"),
    path("sitemap-<str:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("api/", api.urls),
]
