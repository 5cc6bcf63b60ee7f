"""Per-edition feeds (under /<edition>/)."""

app_name = "syndication"
urlpatterns: list = []
