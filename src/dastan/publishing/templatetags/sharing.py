"""The {% share_links %} tag: plain links to share an article, loading nothing from other hosts."""

from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext as _

from dastan.core.urlutils import absolute

register = template.Library()

# (name shown, share endpoint, query parameter for the URL, for the title or None).
# Each is an ordinary link: no widget, script or counter is fetched from the network.
SHARE_TARGETS = (
    ("Telegram", "https://t.me/share/url", "url", "text"),
    ("WhatsApp", "https://wa.me/", None, "text"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php", "u", None),
    ("X", "https://twitter.com/intent/tweet", "url", "text"),
    ("VK", "https://vk.com/share.php", "url", "title"),
)


def share_urls(url: str, title: str) -> list[tuple[str, str]]:
    """Return (name, link) pairs that share URL with TITLE, ending with an e-mail link."""
    links = []
    for name, endpoint, url_param, title_param in SHARE_TARGETS:
        if url_param:
            query = {url_param: url, **({title_param: title} if title_param else {})}
        else:  # the service takes one text: the title followed by the link
            query = {title_param: f"{title} {url}"}
        links.append((name, f"{endpoint}?{urlencode(query)}"))
    # mailto: wants %20 for spaces, not the "+" of form encoding.
    mail = urlencode({"subject": title, "body": url}, quote_via=quote)
    links.append((_("E-mail"), f"mailto:?{mail}"))
    return links


@register.inclusion_tag("publishing/_share.html")
def share_links(article) -> dict:
    """Render the share links and the Web Share button for ARTICLE."""
    url = absolute(article.get_absolute_url())
    return {"links": share_urls(url, article.headline), "url": url, "title": article.headline}
