"""Read a WordPress eXtended RSS export (WXR) as a stream, in bounded memory.

WXR is RSS 2.0 plus WordPress's ``wp:`` namespace, whose URI carries the format version
(``http://wordpress.org/export/1.2/``); see https://wordpress.org/documentation/article/tools-export-screen/
and WordPress's ``wp-admin/includes/export.php``. Items are handed out one at a time and cleared
after, so a 100,000-post file needs no more memory than a 10-post one. A DTD is refused outright:
WordPress never writes one, and it is how entity-expansion bombs and external entities get in.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

KNOWN_VERSIONS = ("1.0", "1.1", "1.2")
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/([^/]+)/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"

NOT_WXR = "This is not a WordPress export (WXR): {detail}."
UNKNOWN_VERSION = (
    "Unknown WXR version {version}: this importer reads versions {known}. Export again from "
    "WordPress (Tools → Export) or convert the file first."
)
HAS_DTD = (
    "The file declares a DTD or entities (<!DOCTYPE ...>), which WordPress exports never do; it is "
    "refused because entities can expand without bound (an XML bomb) or read local files."
)
BROKEN_XML = "The file is not well-formed XML at line {line}: {message}."
READ_CHUNK = 64 * 1024  # bytes fed to the parser at a time


class WxrError(Exception):
    """The file cannot be read (further) as a WordPress export."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class WxrSite:
    """The exporting site: its address and the WXR version the file declares."""

    base_url: str
    version: str


@dataclass
class WxrAuthor:
    login: str
    display_name: str
    line: int


@dataclass
class WxrTerm:
    """A category (``category``) or tag (``post_tag``) declared at the top of the export."""

    taxonomy: str
    nicename: str
    name: str
    line: int


@dataclass
class WxrItem:
    """One ``<item>``: a post, page, attachment or any other WordPress post type."""

    line: int
    post_id: str = ""
    guid: str = ""
    title: str = ""
    link: str = ""
    pub_date: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_type: str = ""
    status: str = ""
    post_date_gmt: str = ""
    attachment_url: str = ""
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, str] = field(default_factory=dict)


# Post meta worth keeping; the rest (edit locks, SEO plugins' caches...) is dropped at once.
KEPT_META = {"_thumbnail_id", "_wp_attachment_image_alt"}


def read_wxr(source: BinaryIO | str) -> Iterator[WxrSite | WxrAuthor | WxrTerm | WxrItem]:
    """Yield the site, then authors, terms and items of the export SOURCE in file order."""
    return iter(WxrReader(source))


class WxrReader:
    """One pass over an export (a path or a binary stream): iterate it for what it holds."""

    def __init__(self, source: BinaryIO | str):
        self.source = source
        self.wp: str | None = None
        self.excerpt = ""
        self.version = ""
        self.base_url = ""
        self.channel_link = ""
        self.site_sent = False
        # The <channel> element: while reading, it holds at most the few elements not yet freed.
        self.channel: etree._Element | None = None

    def __iter__(self) -> Iterator[WxrSite | WxrAuthor | WxrTerm | WxrItem]:
        if isinstance(self.source, str | os.PathLike):
            with open(self.source, "rb") as stream:
                yield from self.read(stream)
        else:
            yield from self.read(self.source)

    def read(self, stream: BinaryIO) -> Iterator[WxrSite | WxrAuthor | WxrTerm | WxrItem]:
        # Fed a chunk at a time, so that what was read before a syntax error is still handed out
        # (lxml's iterparse drops the events of the chunk an error is in).
        parser = etree.XMLPullParser(
            events=("start", "end"), resolve_entities=False, no_network=True,
            huge_tree=False, load_dtd=False, remove_comments=True, remove_pis=True,
        )
        prolog = b""  # the start of the file, while no element has begun
        while True:
            data = stream.read(READ_CHUNK)
            if self.wp is None and len(prolog) < READ_CHUNK:
                prolog += data
            error = None
            try:
                if data:
                    parser.feed(data)
                else:
                    parser.close()
            except etree.XMLSyntaxError as exc:
                error = exc
            events = parser.read_events()
            if error is not None and not data:
                # At the end of a truncated file libxml2 closes every element still open: those
                # ends are not the file's, and a half-written item must never be imported.
                events = ()
            for event, elem in events:
                if event == "start":
                    if self.wp is None:
                        self.begin(elem)
                    elif self.channel is None and elem.tag == "channel":
                        self.channel = elem
                    continue
                yield from self.end(elem)
            if error is not None:
                # libxml2 may stop in the DTD itself (an entity bomb) before any element begins.
                if self.wp is None and b"<!DOCTYPE" in prolog:
                    raise WxrError(HAS_DTD, 1) from None
                line = error.lineno or 1
                # libxml2 appends the text it choked on and ", line N, column M": keep its first words.
                first = (error.msg or str(error)).splitlines()[0]
                message = re.sub(r", line \d+, column \d+$", "", first).rstrip(".")
                raise WxrError(BROKEN_XML.format(line=line, message=message), line) from None
            if not data:
                break
        if not self.site_sent:
            raise WxrError(NOT_WXR.format(detail="it has no <channel>"))

    def begin(self, root: etree._Element) -> None:
        """Check ROOT (the first element) for a DTD, the RSS root and a known wp: namespace."""
        info = root.getroottree().docinfo
        if info.internalDTD is not None or info.externalDTD is not None or info.system_url:
            raise WxrError(HAS_DTD, 1)
        if etree.QName(root).localname != "rss":
            raise WxrError(NOT_WXR.format(detail=f"its root element is <{etree.QName(root).localname}>"), 1)
        found = [(m.group(1), uri) for uri in root.nsmap.values() if uri and (m := WP_NAMESPACE.match(uri))]
        if not found:
            raise WxrError(NOT_WXR.format(detail="it has no wp: namespace"), root.sourceline)
        version, uri = found[0]
        if version not in KNOWN_VERSIONS:
            raise WxrError(
                UNKNOWN_VERSION.format(version=version, known=", ".join(KNOWN_VERSIONS)), root.sourceline
            )
        self.version, self.wp, self.excerpt = version, uri, f"{uri}excerpt/"

    def end(self, elem: etree._Element) -> Iterator:
        """Yield what ELEM completes (if it is a channel-level element), then free it."""
        parent = elem.getparent()
        if elem is self.channel and not self.site_sent:  # an export with no authors, terms or items
            self.site_sent = True
            yield WxrSite(base_url=(self.base_url or self.channel_link).rstrip("/"), version=self.version)
        if parent is None or parent is not self.channel:
            return
        tag = elem.tag
        wp = self.wp
        if tag == f"{{{wp}}}wxr_version":
            declared = _text(elem)
            if declared not in KNOWN_VERSIONS:
                raise WxrError(
                    UNKNOWN_VERSION.format(version=declared or "(empty)", known=", ".join(KNOWN_VERSIONS)),
                    elem.sourceline,
                )
        elif tag == f"{{{wp}}}base_site_url":
            self.base_url = _text(elem)
        elif tag == "link":
            self.channel_link = _text(elem)
        elif tag in (f"{{{wp}}}author", f"{{{wp}}}category", f"{{{wp}}}tag", "item"):
            if not self.site_sent:
                self.site_sent = True
                yield WxrSite(base_url=(self.base_url or self.channel_link).rstrip("/"), version=self.version)
            yield self.parse(elem)
        # Free what has been read: the element's children and every earlier sibling.
        elem.clear(keep_tail=False)
        while elem.getprevious() is not None:
            del parent[0]

    def parse(self, elem: etree._Element) -> WxrSite | WxrAuthor | WxrTerm | WxrItem:
        wp, line = self.wp, elem.sourceline or 0
        if elem.tag == f"{{{wp}}}author":
            login = _child(elem, f"{{{wp}}}author_login")
            return WxrAuthor(login, _child(elem, f"{{{wp}}}author_display_name") or login, line)
        if elem.tag == f"{{{wp}}}category":
            return WxrTerm("category", _child(elem, f"{{{wp}}}category_nicename"),
                           _child(elem, f"{{{wp}}}cat_name"), line)
        if elem.tag == f"{{{wp}}}tag":
            return WxrTerm("post_tag", _child(elem, f"{{{wp}}}tag_slug"),
                           _child(elem, f"{{{wp}}}tag_name"), line)
        return self.parse_item(elem, line)

    def parse_item(self, elem: etree._Element, line: int) -> WxrItem:
        wp = self.wp
        fields = {
            "title": "title", "link": "link", "pubDate": "pub_date", "guid": "guid",
            f"{{{DC_NS}}}creator": "creator", f"{{{CONTENT_NS}}}encoded": "content",
            f"{{{self.excerpt}}}encoded": "excerpt", f"{{{wp}}}post_id": "post_id",
            f"{{{wp}}}post_name": "post_name", f"{{{wp}}}post_type": "post_type",
            f"{{{wp}}}status": "status", f"{{{wp}}}post_date_gmt": "post_date_gmt",
            f"{{{wp}}}attachment_url": "attachment_url",
        }
        item = WxrItem(line=line)
        for child in elem:
            name = fields.get(child.tag)
            if name:
                setattr(item, name, _text(child))
            elif child.tag == "category":
                item.terms.append((child.get("domain", ""), child.get("nicename", ""), _text(child)))
            elif child.tag == f"{{{wp}}}postmeta":
                key = _child(child, f"{{{wp}}}meta_key")
                if key in KEPT_META:
                    item.meta[key] = _child(child, f"{{{wp}}}meta_value")
        return item


def _text(elem: etree._Element) -> str:
    return (elem.text or "").strip()


def _child(elem: etree._Element, tag: str) -> str:
    found = elem.find(tag)
    return _text(found) if found is not None else ""
