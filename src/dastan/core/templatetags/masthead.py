"""{% section_nav %}: the sections navigation of every reader page, a cached fragment."""

from django import template
from django.template.loader import render_to_string

from dastan.caching import fragments
from dastan.core.context_processors import current_section, navigation_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def section_nav(context) -> str:
    """Render the sections navigation, marking the current section's link."""
    request = context.get("request")
    current = current_section(request)

    def build():
        html = render_to_string("core/_sections_nav.html", {
            "sections": navigation_sections(), "current": current,
        })
        return fragments.Built(html, [])  # section changes purge "site", which every fragment has

    if request is None:
        return build().value
    return fragments.for_request(request).get(fragments.name("nav", current), build, declare=False)
