"""Site-wide syndication URLs: sitemaps, robots.txt and the public API (no edition prefix)."""

urlpatterns: list = []
