"""{% page_meta %}: the search-engine and social metadata of the page being rendered."""

from django import template
from django.core.paginator import Page
from django.template.loader import render_to_string

from dastan.caching import fragments
from dastan.syndication.metadata import LISTING_KINDS
from dastan.syndication.metadata import page_meta as build_page_meta

register = template.Library()


def _fragment_name(context) -> tuple[str, list[str]] | None:
    """Return the fragment name and keys of the page's metadata, or None where it is not cached."""
    request, page, kind = context.get("request"), context.get("page"), context.get("kind")
    if request is None:
        return None
    if isinstance(page, Page) and kind in LISTING_KINDS and context.get("article") is None:
        # Address, page number and whether a next page exists are all a listing's links depend on;
        # the title and description are the tag's, author's or section's (renamed: name-<kind>-<id>).
        subject = context.get("object")
        keys = [f"name-{kind}-{subject.pk}"] if subject is not None else []
        return fragments.name("listing-meta", kind, request.path, page.number, page.has_next()), keys
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "publishing:home":
        return fragments.name("home-meta"), []
    return None


@register.simple_tag(takes_context=True)
def page_meta(context) -> str:
    """Render canonical, hreflang, prev/next, OpenGraph, Twitter, feed links and JSON-LD tags."""
    cached = _fragment_name(context)

    def build():
        html = render_to_string("syndication/meta.html", {"meta": build_page_meta(context)})
        return fragments.Built(html, cached[1] if cached else [])

    if cached is None:
        return build().value
    return fragments.for_request(context["request"]).get(cached[0], build, declare=False)
