"""Mark the words of a text that a query matched, escaping everything else.

Highlighting is done here, in Python, for every backend: a match may be in another script
(Рахмон for a search for Rakhmon), which only the folded keys know about, while the reader
must see the original words. The text is escaped piece by piece and only our own <mark>
tags are added, so article text is never trusted as HTML.
"""

import functools
import re
from html import escape  # the same entities as Django's escape(), without its lazy-string wrapper

from django.utils.safestring import SafeString, mark_safe

from dastan.search.folding import NAME_MARK, TOKEN_RE, name_key, word_key
from dastan.search.query import ParsedQuery

SNIPPET_CHARS = 240  # characters shown around the first match
BEFORE_CHARS = 60  # of which this many come before it
SCAN_CHARS = 50_000  # a match further into a very long text gets no snippet
SCAN_STEP = 2_000  # a text without a match in its first snippet is searched this many characters at a time
# Words a matcher remembers the answer for, and matchers kept for repeated queries: at about
# 100 bytes a word, at most some 13 MiB a worker. (On PostgreSQL every new query decides the
# words of its hits' bodies up to the first match: 8 matchers instead of 16 cost a bench that
# cycles through 35 queries about 6 ms a search.)
MAX_DECIDED = 8_192
SHARED_MATCHERS = 16
_APOSTROPHE = "['ʼʻ’`]"  # the inner apostrophes TOKEN_RE keeps in a word
# N words as TOKEN_RE finds them, each with what precedes it; possessive, so never backtracking.
_SKIP = [(n, re.compile(rf"(?:\W*+\w++(?:{_APOSTROPHE}\w++)*+){{{n}}}")) for n in (100, 10, 1)]
_NOT_WORD = re.compile(r"\W*+")


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
        self.names = any(key.startswith(NAME_MARK) for key in self.exact)
        # Words repeat a lot, within an article and across the hits: decide each once.
        self._yes: set[str] = set()
        self._no: set[str] = set()

    @classmethod
    def of(cls, query: ParsedQuery) -> "Matcher":
        """Return the matcher of QUERY's terms, shared by every request with the same terms."""
        return _shared(query.terms)

    def __call__(self, word: str) -> bool:
        return bool(self.among({word}))

    def among(self, words: set[str]) -> set[str]:
        """Return the WORDS that match, deciding only the ones not met before (set operations in C)."""
        new = words - self._yes - self._no
        if len(self._no) + len(new) > MAX_DECIDED:  # a shared matcher forgets rather than grows
            self._yes, self._no = set(), set()
        for word in new:
            (self._yes if self._decide(word) else self._no).add(word)
        return words & self._yes

    def first(self, keys: str) -> int | None:
        """Return the index of the first word of KEYS (an article's keys, space-separated) that matches.

        A regular expression finds it (in C); only a match by name key (Toshkent for Tashkent),
        which stands after all the word keys, needs the word keys walked one by one.
        """
        # Searched with a space in front, so that every key starts after a space: a pattern
        # that begins with a plain character is scanned for in C far faster than a lookbehind.
        found = self._pattern.search(" " + keys)
        if found is None:
            return None
        if not found.group(1).startswith(NAME_MARK):
            return keys.count(" ", 0, found.start())
        return self._first_by_name(keys.split(" "))

    @functools.cached_property
    def _pattern(self) -> re.Pattern:
        # Keys hold only [a-z0-9]: nothing to escape.
        alternatives = sorted(self.exact) + [f"{prefix}[a-z0-9]*" for prefix in self.prefixes]
        return re.compile(r" (" + "|".join(alternatives) + r")(?![^ ])")

    def _first_by_name(self, keys: list[str]) -> int | None:
        exact, prefixes, names = self.exact, self.prefixes, self.names
        for i, key in enumerate(keys):
            if key in exact or (prefixes and key.startswith(prefixes)) or (names and name_key(key) in exact):
                return i
        return None

    def _decide(self, word: str) -> bool:
        key = word_key(word)
        if not key:
            return False
        if key in self.exact or (self.prefixes and key.startswith(self.prefixes)):
            return True
        return name_key(key) in self.exact


@functools.lru_cache(maxsize=SHARED_MATCHERS)
def _shared(terms: tuple) -> Matcher:
    # A word's answer depends only on the terms: a repeated query decides no word twice.
    return Matcher(ParsedQuery(text="", terms=terms))


def mark(text: str, matcher: Matcher) -> SafeString:
    """Return TEXT escaped, with every matched word wrapped in <mark>."""
    return mark_safe(_marked(text, matcher))


def snippet(text: str, matcher: Matcher, keys: str | None = None) -> SafeString:
    """Return some SNIPPET_CHARS of TEXT around its first match, marked; "" if nothing matches.

    KEYS, the indexed keys of TEXT (one per word, in order), find the first match without
    folding every word of the text again.
    """
    text = text[:SCAN_CHARS]
    at = _first_by_keys(text, keys, matcher) if keys is not None else _first_by_words(text, matcher)
    if at is None:
        return mark_safe("")
    start = _word_start(text, max(at - BEFORE_CHARS, 0))
    end = _word_end(text, min(start + SNIPPET_CHARS, len(text)))
    out = ("… " if start else "") + _marked(text[start:end].strip(), matcher)
    return mark_safe(out + (" …" if end < len(text) else ""))


def _first_by_keys(text: str, keys: str, matcher: Matcher) -> int | None:
    index = matcher.first(keys)
    if index is None:
        return None
    return _word_at(text, index)


def _word_at(text: str, index: int) -> int:
    """Return where word INDEX (counted from 0, as TOKEN_RE finds words) of TEXT starts, or 0."""
    pos = 0
    # Whole runs of words are skipped by one regular expression each (in C), not one match object
    # per word: 100s, then 10s, then single words.
    for size, words in _SKIP:
        while index >= size:
            skipped = words.match(text, pos)
            if skipped is None:
                return 0
            pos, index = skipped.end(), index - size
    start = _NOT_WORD.match(text, pos).end()
    return start if start < len(text) else 0


def _first_by_words(text: str, matcher: Matcher) -> int | None:
    """Return where the first matched word of TEXT starts, or None.

    The text is read a few thousand characters at a time, each piece's words decided at once (set
    operations in C), and reading stops at the first piece with a match: the words after it are
    never folded, nor remembered by the matcher.
    """
    start = 0
    while start < len(text):
        end = text.find(" ", start + SCAN_STEP)  # a piece ends between words, never inside one
        end = len(text) if end == -1 else end
        matched = matcher.among(set(TOKEN_RE.findall(text, start, end)))
        if matched:
            # Find where the first matched word is without walking every word in Python.
            first = _words_pattern(frozenset(matched)).search(text, start, end)
            return first.start() if first else start
        start = end
    return None


def _word_start(text: str, pos: int) -> int:
    """Return POS moved forward to the start of a word (unless it is 0)."""
    if pos == 0:
        return 0
    space = text.find(" ", pos)
    return pos if space == -1 else space + 1


def _word_end(text: str, pos: int) -> int:
    """Return POS moved back to the end of a word (unless it is the end)."""
    if pos >= len(text):
        return len(text)
    space = text.rfind(" ", 0, pos)
    return pos if space <= 0 else space


def _marked(text: str, matcher: Matcher) -> str:
    matched = matcher.among(set(TOKEN_RE.findall(text)))
    if not matched:
        return escape(text)
    # Split at the matched words only, so escaping is a few calls in C, not one per word.
    pieces = _words_pattern(frozenset(matched)).split(text)
    return "".join(f"<mark>{escape(piece)}</mark>" if i % 2 else escape(piece)
                   for i, piece in enumerate(pieces))


@functools.lru_cache(maxsize=256)
def _words_pattern(words: frozenset[str]) -> re.Pattern:
    """Return a pattern that finds WORDS only where TOKEN_RE would find them as whole words."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    # A word starts after no letter, nor after a letter and an apostrophe (O'zbekiston's "zbekiston"
    # is not a word), and ends the same way; the group makes split() return the words themselves.
    return re.compile(rf"(?<!\w)(?<!\w{_APOSTROPHE})({alternatives})(?!\w)(?!{_APOSTROPHE}\w)")
