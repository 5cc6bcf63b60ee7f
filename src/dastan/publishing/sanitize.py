"""Article HTML is cleaned with nh3 (ammonia) on save: only what a newspaper body needs survives.

nh3 is imported on the first save, not with the models: its library holds some 1.5 MiB of every
process that loads it, and a worker that only serves readers never saves an article.
"""

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub",
    "sup", "small", "mark", "abbr", "cite", "q", "code", "pre", "blockquote", "ul", "ol", "li",
    "dl", "dt", "dd", "a", "img", "figure", "figcaption", "table", "caption", "thead", "tbody",
    "tfoot", "tr", "th", "td", "span", "time",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
}
# data: and javascript: URLs never survive; relative links do.
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Return HTML with everything outside the newsroom allow-list removed.

    Scripts, styles, event handlers, ``javascript:``/``data:`` URLs and SVG are dropped; links to
    other sites get ``rel="noopener noreferrer nofollow"``.
    """
    import nh3  # noqa: PLC0415 - see the module docstring

    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )

