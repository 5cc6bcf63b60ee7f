"""The {% lead_picture %} tag: a responsive <picture> of an article's lead image."""

from django import template

from dastan.publishing import renditions

register = template.Library()


@register.inclusion_tag("publishing/_picture.html")
def lead_picture(article, *, sizes: str = "100vw", priority: bool = False) -> dict:
    """Render ARTICLE's lead image in every rendition; PRIORITY for the one image above the fold.

    Below the fold images load lazily; the priority one loads eagerly and first, because it is
    the largest thing the reader sees (Largest Contentful Paint).
    """
    return {
        "picture": renditions.picture(article.image),
        "alt": article.image_alt,
        "sizes": sizes,
        "priority": priority,
    }
