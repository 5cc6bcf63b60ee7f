"""Per-edition feeds (under /<edition>/): RSS 2.0 and Atom for the edition, sections, tags and
authors, and JSON Feed 1.1 for the edition."""

from django.urls import path

from dastan.core.urlutils import lazy_view

FEEDS = "dastan.syndication.feeds.FEEDS"  # imported on a feed's first request (memory per worker)

app_name = "syndication"
urlpatterns = [
    path("feed/rss/", lazy_view(FEEDS, ("edition", "rss")), name="edition-rss"),
    path("feed/atom/", lazy_view(FEEDS, ("edition", "atom")), name="edition-atom"),
    path("feed/json/", lazy_view("dastan.syndication.jsonfeed.json_feed"), name="edition-json"),
    path("section/<slug:slug>/feed/rss/", lazy_view(FEEDS, ("section", "rss")), name="section-rss"),
    path("section/<slug:slug>/feed/atom/", lazy_view(FEEDS, ("section", "atom")), name="section-atom"),
    path("tag/<uslug:slug>/feed/rss/", lazy_view(FEEDS, ("tag", "rss")), name="tag-rss"),
    path("tag/<uslug:slug>/feed/atom/", lazy_view(FEEDS, ("tag", "atom")), name="tag-atom"),
    path("author/<uslug:slug>/feed/rss/", lazy_view(FEEDS, ("author", "rss")), name="author-rss"),
    path("author/<uslug:slug>/feed/atom/", lazy_view(FEEDS, ("author", "atom")), name="author-atom"),
]
