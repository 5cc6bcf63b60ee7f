"""Mark the words of a text that a query matched, escaping everything else.

Highlighting is done here, in Python, for every backend: a match may be in another script
(Рахмон for a search for Rakhmon), which only the folded keys know about, while the reader
must see the original words. The text is escaped piece by piece and only our own <mark>
tags are added, so article text is never trusted as HTML.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dastan.search.folding import TOKEN_RE, name_key, word_key
from dastan.search.query import ParsedQuery

SNIPPET_WORDS = 36  # words shown around the first match
BEFORE_WORDS = 8  # of which this many come before it


class Matcher:
    """Tell whether a word of an article stands for one of a query's terms."""

    def __init__(self, query: ParsedQuery):
        self.exact: set[str] = set()
        prefixes: set[str] = set()
        for term in query.terms:
            self.exact |= term.exact
            prefixes |= term.prefixes
            for phrase in term.phrases:
                self.exact.update(phrase)
        self.prefixes = tuple(sorted(prefixes))

    def __call__(self, word: str) -> bool:
        key = word_key(word)
        if not key:
            return False
        if key in self.exact or (self.prefixes and key.startswith(self.prefixes)):
            return True
        return name_key(key) in self.exact


def mark(text: str, matcher: Matcher) -> SafeString:
    """Return TEXT escaped, with every matched word wrapped in <mark>."""
    return _render(text, list(TOKEN_RE.finditer(text)), 0, None, matcher)


def snippet(text: str, matcher: Matcher) -> SafeString:
    """Return about SNIPPET_WORDS words of TEXT around its first match, marked; "" if none matches."""
    words = list(TOKEN_RE.finditer(text))
    first = next((i for i, m in enumerate(words) if matcher(m.group())), None)
    if first is None:
        return mark_safe("")
    start = max(first - BEFORE_WORDS, 0)
    end = min(start + SNIPPET_WORDS, len(words))
    return _render(text, words, start, end, matcher)


def _render(text: str, words: list, start: int, end: int | None, matcher: Matcher) -> SafeString:
    chosen = words[start:end]
    if not chosen:
        return mark_safe(escape(text))
    out = ["… " if start else ""]
    pos = chosen[0].start() if start else 0
    for m in chosen:
        out.append(escape(text[pos:m.start()]))
        word = escape(m.group())
        out.append(f"<mark>{word}</mark>" if matcher(m.group()) else word)
        pos = m.end()
    tail_end = len(text) if end is None or end >= len(words) else pos
    out.append(escape(text[pos:tail_end]))
    if end is not None and end < len(words):
        out.append(" …")
    return mark_safe("".join(out))
