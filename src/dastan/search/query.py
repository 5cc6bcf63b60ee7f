"""Turn a reader's search text into safe, folded terms: never is user text given to the database."""

import unicodedata
from dataclasses import dataclass, field

from dastan.search.aliases import spelling_map
from dastan.search.folding import SURNAME_ENDINGS, TOKEN_RE, name_key, word_key

MAX_CHARS = 200  # a longer query is cut here
MAX_TERMS = 12  # and to this many words
PREFIX_MIN = 4  # a key this long also matches as a prefix (Mirziyoyev finds Mirziyoyeva)
ROOT_MIN = 6  # a key this long with a surname ending also matches its root as a prefix
# Words that every article has; dropped from a query that has other words.
STOPWORDS = frozenset(
    "a an and are as at be by for from in is it of on or the to was were with "
    "и в во на не что с со по к у о об а но за из от до для как".split()
)


@dataclass(frozen=True)
class Term:
    """One query word and every key that may stand for it in an article."""

    word: str
    exact: frozenset[str] = field(default_factory=frozenset)
    prefixes: frozenset[str] = field(default_factory=frozenset)
    phrases: frozenset[tuple[str, ...]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what was searched for, after cutting: shown back to the reader
    terms: tuple[Term, ...]
    shortened: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)

    def boolean(self, *, word: str, prefix: str, both: str, either: str) -> str:
        """Return every term as an EITHER-group of its keys, the groups joined by BOTH.

        WORD and PREFIX are formats for one key ("'{}'", "'{}':*"). Keys hold only [a-z0-9]
        (see folding.py), so quoting them cannot let an operator through. A multi-word spelling
        needs all its words, anywhere: a phrase would make PostgreSQL's GIN index recheck every
        match against its whole vector.
        """
        groups = []
        for term in self.terms:
            alternatives = [word.format(key) for key in sorted(term.exact)]
            alternatives += [prefix.format(key) for key in sorted(term.prefixes)]
            alternatives += ["(" + f" {both} ".join(word.format(k) for k in phrase) + ")"
                             for phrase in sorted(term.phrases)]
            groups.append("(" + f" {either} ".join(alternatives) + ")")
        return f" {both} ".join(groups)


def clean(text: str) -> str:
    """Return TEXT without control or unassigned characters, spaces collapsed."""
    kept = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return " ".join(kept.split())


def parse(text: str) -> ParsedQuery:
    """Return the terms of the reader's TEXT: words only, folded, at most MAX_TERMS of them."""
    text = clean(text or "")
    shortened = len(text) > MAX_CHARS
    text = text[:MAX_CHARS].strip()
    words = TOKEN_RE.findall(text)
    shortened = shortened or len(words) > MAX_TERMS
    words = words[:MAX_TERMS]
    spellings = spelling_map() if words else {}
    terms, seen = [], set()
    for word in words:
        key = word_key(word)
        if not key or key in seen:
            continue
        seen.add(key)
        terms.append(_term(word, key, spellings))
    meaningful = [t for t in terms if t.word.lower() not in STOPWORDS]
    return ParsedQuery(text=text, terms=tuple(meaningful or terms), shortened=shortened)


def _term(word: str, key: str, spellings: dict) -> Term:
    exact, prefixes, phrases = {key}, set(), set()
    for phrase in spellings.get(key, ()):
        if len(phrase) == 1:
            exact.add(phrase[0])
        else:
            phrases.add(phrase)
    for one in list(exact):
        if len(one) >= PREFIX_MIN and not one.isdigit():
            prefixes.add(one)
        if name := name_key(one):
            exact.add(name)
        if len(one) >= ROOT_MIN:
            prefixes.update(one[: -len(end)] for end in SURNAME_ENDINGS if one.endswith(end))
    exact -= {p for p in exact if any(p.startswith(pre) for pre in prefixes)}
    return Term(word=word, exact=frozenset(exact), prefixes=frozenset(prefixes),
                phrases=frozenset(phrases))
