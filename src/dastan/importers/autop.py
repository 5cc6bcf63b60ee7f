"""WordPress's paragraph rules (``wpautop``) for classic-editor post bodies.

WordPress stores classic posts as text with line breaks and renders them through ``wpautop``:
a blank line separates paragraphs, a single newline is a ``<br>``, and block-level HTML is left
as it stands (https://developer.wordpress.org/reference/functions/wpautop/). Block-editor posts
(with ``<!-- wp:... -->`` comments) already carry their markup and are not touched, as in WordPress.
"""

import re

BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|li|main|map|math|menu|nav|ol|p|pre|"
    "section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
# Tags whose content is itself a paragraph (or an image, for <figure>): not wrapped in another <p>.
LEAF_TAGS = re.compile(r"<(?:address|caption|dd|dt|figcaption|figure|h[1-6]|li|p|summary|td|th)[\s>]", re.I)
BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})(?=[\s/>])[^>]*>)", re.I)
BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.I)
BLOCK_EDGE = re.compile(rf"^(\s*</?(?:{BLOCK_TAGS})(?=[\s/>])[^>]*>)+\s*", re.I)
BLOCK_TAIL = re.compile(rf"\s*(</?(?:{BLOCK_TAGS})(?=[\s/>])[^>]*>\s*)+$", re.I)
PRE = re.compile(r"<pre[\s>].*?</pre>", re.I | re.S)
# <!--more--> and <!--nextpage--> split a WordPress post; here they only end a paragraph.
SPLITTERS = re.compile(r"[ \t]*<!--(?:more|nextpage)\b.*?-->[ \t]*", re.I | re.S)


def autop(text: str) -> str:
    """Return TEXT with blank-line paragraphs wrapped in <p> and single newlines made <br>."""
    if not text or not text.strip():
        return ""
    if "<!-- wp:" in text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\n\n<pre data-kept=\"{len(kept) - 1}\"></pre>\n\n"

    text = PRE.sub(keep, text)
    text = SPLITTERS.sub("\n\n", text)
    text = BLOCK_OPEN.sub(r"\n\n\1", text)
    text = BLOCK_CLOSE.sub(r"\1\n\n", text)
    chunks = [chunk for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    html = "\n".join(_paragraph(chunk) for chunk in chunks)
    return re.sub(r'<pre data-kept="(\d+)"></pre>', lambda m: kept[int(m.group(1))], html)


def _paragraph(chunk: str) -> str:
    """Return one chunk with its inline text in <p> (unless a leaf block already holds it)."""
    head = BLOCK_EDGE.match(chunk)
    start = head.end() if head else 0
    tail = BLOCK_TAIL.search(chunk, start)
    end = tail.start() if tail else len(chunk)
    prefix, middle, suffix = chunk[:start].strip(), chunk[start:end].strip(), chunk[end:].strip()
    if not middle:
        return prefix + suffix
    middle = re.sub(r"\s*\n\s*", "<br />\n", middle)
    if prefix and LEAF_TAGS.match(prefix[prefix.rfind("<"):]):
        return prefix + middle + suffix
    return f"{prefix}<p>{middle}</p>{suffix}"
