"""Site-wide syndication URLs: sitemaps and robots.txt (no edition prefix; the API is dastan.urls's)."""

from django.urls import path

from dastan.syndication import views

urlpatterns = [
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", views.news_sitemap, name="sitemap-news"),
    path("sitemap-<str:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
