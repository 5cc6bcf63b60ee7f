"""Site-wide syndication URLs: sitemaps and robots.txt (no edition prefix; the API is dastan.urls's)."""

from django.urls import path

from dastan.core.urlutils import lazy_view

VIEWS = "dastan.syndication.views."  # imported on a sitemap's first request (memory per worker)

urlpatterns = [
    path("sitemap.xml", lazy_view(VIEWS + "sitemap_index"), name="sitemap-index"),
    path("sitemap-news.xml", lazy_view(VIEWS + "news_sitemap"), name="sitemap-news"),
    path("sitemap-<str:section>.xml", lazy_view(VIEWS + "sitemap_section"), name="sitemap-section"),
    path("robots.txt", lazy_view(VIEWS + "robots_txt"), name="robots-txt"),
]
