"""Fold every spelling of a word to one search key, the same way for indexed text and for queries.

A key is made in four steps (see docs/search.md for the reasons and examples):

1. lower-case, ё → е, drop apostrophes (Oʻzbekiston, O'zbekiston, Ozbekiston);
2. stem with Snowball, Russian for a Cyrillic word and English for any other (Рахмона → рахмон,
   meetings → meet): stemming must come before transliteration, since no stemmer knows
   a Russian ending once it is written in Latin letters;
3. transliterate to ASCII with anyascii (рахмон → rakhmon, хуҷанд → khujand);
4. fold the romanisation variants of Central Asian names (kh → h, dzh → j, q → k, yo → e,
   doubled letters once...), so Rahmon, Rakhmon and Рахмон all become ``rahmon``.

Vowels also vary between romanisations (Tashkent/Toshkent, Khujand/Khojand), but folding
them for every word would make "cost" find "cast". So only capitalised words (names) of five
letters or more get a second, *name key* with a/o/u folded to one vowel, stored with a marker
prefix so that it can only ever meet another name key.
"""

import functools
import re

import Stemmer
from anyascii import anyascii

# A word, with inner apostrophes kept (O'zbekiston, don't): they are dropped when folding.
TOKEN_RE = re.compile(r"\w+(?:['ʼʻ’`]\w+)*")
_APOSTROPHES = re.compile(r"['ʼʻ’`]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NOT_KEY = re.compile(r"[^a-z0-9]+")
# Romanisation variants, applied left to right in one pass (the longest first at each place).
# Kept to what Central Asian names need: each rule also merges some English words (x: tax/tah).
_VARIANTS = {
    "dzh": "j", "dj": "j", "zh": "j", "kh": "h", "x": "h", "q": "k", "gh": "g",
    "yo": "e", "io": "e", "ye": "e", "yu": "u", "ya": "a", "y": "i",
}
_VARIANT_RE = re.compile("|".join(sorted(_VARIANTS, key=len, reverse=True)))
_DOUBLES = re.compile(r"([a-z])\1+")  # letters only: 2000 and 200 stay apart
_NAME_VOWELS = str.maketrans({"o": "a", "u": "a"})
NAME_MARK = "0"  # a key never starts with a digit followed by a letter, so name keys stay apart
NAME_MIN_LENGTH = 5
# Slavic surname endings: a query for Mirziyoyev should also find Мирзиёев, whose Russian
# stem ("мирзие") has lost the ending.
SURNAME_ENDINGS = ("ova", "eva", "ov", "ev")

_STEMMERS = {"ru": Stemmer.Stemmer("russian"), "en": Stemmer.Stemmer("english")}
# Folding a word costs about 5 µs, a cached one 0.3. The caches live in every web worker, so they
# are sized for one: a full word cache holds about 7 MiB (some 220 bytes an entry), where the
# 200,000 entries they once had grew a busy worker by 50 MiB.
WORD_CACHE = 32_768
NAME_CACHE = 8_192


def tokens(text: str) -> list[str]:
    """Return the words of TEXT, in order."""
    return TOKEN_RE.findall(text)


@functools.lru_cache(maxsize=WORD_CACHE)
def word_key(word: str) -> str:
    """Return the search key of one WORD ("" for a word with no letters or digits to keep)."""
    word = _APOSTROPHES.sub("", word.lower().replace("ё", "е"))
    stemmer = _STEMMERS["ru" if _CYRILLIC.search(word) else "en"]
    key = _NOT_KEY.sub("", anyascii(stemmer.stemWord(word)).lower())
    key = _VARIANT_RE.sub(lambda m: _VARIANTS[m.group()], key)
    return _DOUBLES.sub(r"\1", key)


@functools.lru_cache(maxsize=NAME_CACHE)
def name_key(key: str) -> str:
    """Return the name key of KEY (vowels a/o/u folded, marked), or "" if KEY is too short."""
    if len(key) < NAME_MIN_LENGTH or key.isdigit():
        return ""
    return NAME_MARK + _DOUBLES.sub(r"\1", key.translate(_NAME_VOWELS))


def text_keys(text: str) -> str:
    """Return the keys of TEXT as one space-separated string, name keys after the word keys."""
    keys, names = [], []
    for word in TOKEN_RE.findall(text):
        key = word_key(word)
        if not key:
            continue
        keys.append(key)
        if word[0].isupper():
            name = name_key(key)
            if name:
                names.append(name)
    # Name keys go last so that the word keys keep their positions for phrase matches.
    return " ".join(keys + names)


def phrase_keys(text: str) -> tuple[str, ...]:
    """Return the word keys of TEXT in order (for a tag's spelling or a query)."""
    return tuple(key for key in map(word_key, TOKEN_RE.findall(text)) if key)
