"""Per-edition feeds (under /<edition>/): RSS 2.0 and Atom for the edition, sections, tags and
authors, and JSON Feed 1.1 for the edition."""

from django.urls import path

from dastan.syndication.feeds import FEEDS
from dastan.syndication.jsonfeed import json_feed

app_name = "syndication"
urlpatterns = [
    path("feed/rss/", FEEDS["edition", "rss"], name="edition-rss"),
    path("feed/atom/", FEEDS["edition", "atom"], name="edition-atom"),
    path("feed/json/", json_feed, name="edition-json"),
    path("section/<slug:slug>/feed/rss/", FEEDS["section", "rss"], name="section-rss"),
    path("section/<slug:slug>/feed/atom/", FEEDS["section", "atom"], name="section-atom"),
    path("tag/<uslug:slug>/feed/rss/", FEEDS["tag", "rss"], name="tag-rss"),
    path("tag/<uslug:slug>/feed/atom/", FEEDS["tag", "atom"], name="tag-atom"),
    path("author/<uslug:slug>/feed/rss/", FEEDS["author", "rss"], name="author-rss"),
    path("author/<uslug:slug>/feed/atom/", FEEDS["author", "atom"], name="author-atom"),
]
