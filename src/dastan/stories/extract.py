"""Dated events in an article: each sentence that states a calendar date, with that date.

Extractive only: an event's statement is one of the article's own sentences, unchanged.
"""

import datetime
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from razdel import sentenize

from dastan.stories.dates import find_dates, iso_at_precision

_BLOCKS = {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "div", "br", "tr", "figcaption",
           "section", "article", "ul", "ol", "table", "pre"}
# English abbreviations after which a full stop does not end the sentence.
_EN_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "jr", "sr", "vs", "e.g", "i.e",
    "u.s", "u.n", "approx", "gov",
}
# These end a sentence unless a number follows ("No. 5", "Art. 307", "Mar. 7").
_BEFORE_NUMBER = {"no", "art", "arts", "para", "pt", "ch", "sec", "jan", "feb", "mar", "apr", "jun", "jul",
                  "aug", "sep", "sept", "oct", "nov", "dec"}
_EN_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9])")


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.current: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.parts.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data):
        self.current.append(data)


def paragraphs(html: str) -> list[str]:
    """Return the text of each block (paragraph, list item, heading) of HTML, whitespace collapsed."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    parser._flush()
    return parser.parts


def _english_sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _EN_BOUNDARY.finditer(text):
        word = re.search(r"([\w.]+)$", text[start:match.start()])
        last = (word.group(1) if word else "").lower()
        # "Mr. Nazarov", "Mar. 7", "U.S. officials", "J. Smith": the stop belongs to the word.
        if last in _EN_ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last):
            continue
        if last in _BEFORE_NUMBER and text[match.end():match.end() + 1].isdigit():
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def sentences(text: str, *, language: str) -> list[str]:
    """Return the sentences of a paragraph of TEXT (razdel for Russian, a rule set for English)."""
    if language == "ru":
        return [s.text for s in sentenize(text)]
    return _english_sentences(text)


@dataclass(frozen=True)
class Candidate:
    """An event found in one article: a date at its precision and the sentence that states it."""

    date: datetime.date
    precision: str
    sentence: str
    mention: str

    @property
    def iso(self) -> str:
        return iso_at_precision(self.date, self.precision)


def article_text(*, lead: str, body: str) -> list[str]:
    """Return the paragraphs of an article: its lead, then its body's blocks (headlines retell)."""
    return [p for p in [unescape(lead or "").strip()] if p] + paragraphs(body)


def extract_events(*, lead: str, body: str, published: datetime.date, language: str) -> list[Candidate]:
    """Return the dated events of an article, in text order, one per date a sentence states."""
    found: list[Candidate] = []
    seen: set[tuple] = set()
    for paragraph in article_text(lead=lead, body=body):
        for sentence in sentences(paragraph, language=language):
            for mention in find_dates(sentence, published=published, language=language):
                key = (mention.date, mention.precision, sentence)
                if key not in seen:
                    seen.add(key)
                    found.append(Candidate(mention.date, mention.precision, sentence, mention.text))
    return found
