"""The WordPress shortcodes a newsroom body needs kept as HTML; any other stays as its text."""

import re

CAPTION = re.compile(r"\[(?:caption|wp_caption)\b[^\]]*\](.*?)\[/(?:caption|wp_caption)\]", re.I | re.S)
IMAGE_FIRST = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.I | re.S)


def expand_captions(text: str) -> str:
    """Return TEXT with ``[caption]<img> words[/caption]`` made a <figure> with a <figcaption>."""

    def figure(match: re.Match) -> str:
        inner = IMAGE_FIRST.match(match.group(1))
        if not inner:
            return match.group(1)
        image, caption = inner.group(1), inner.group(2).strip()
        caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure>{image}{caption_html}</figure>"

    return CAPTION.sub(figure, text)
