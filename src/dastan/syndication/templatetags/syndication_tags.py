"""{% page_meta %}: the search-engine and social metadata of the page being rendered."""

from django import template

from dastan.syndication.metadata import page_meta as build_page_meta

register = template.Library()


@register.inclusion_tag("syndication/meta.html", takes_context=True)
def page_meta(context) -> dict:
    """Render canonical, hreflang, prev/next, OpenGraph, Twitter, feed links and JSON-LD tags."""
    return {"meta": build_page_meta(context)}
