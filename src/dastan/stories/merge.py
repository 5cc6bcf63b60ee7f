"""When two sentences with the same date state the same event: token-set similarity of their stems."""

import re
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz

# At or above this token-set ratio (0-100) two same-date sentences are one event; tuned on the gold set.
THRESHOLD = 60

_STOPWORDS = set(
    "the a an of on in at to by for from with and or but was were is are be been has had have he she it "
    "they his her their its this that which who whom as after before said says also not no than then "
    "в во на по с со к ко у о об от до за из и а но что как его ее её их он она они был была были это "
    "этот эта который которая которые также ещё еще уже года году год г".split()
)
_MONTHS = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|январ|феврал|март|апрел|ма[йяею]|июн|июл|"
    r"август|сентябр|октябр|ноябр|декабр)", re.IGNORECASE,
)
_STEMMERS = {"en": snowballstemmer.stemmer("english"), "ru": snowballstemmer.stemmer("russian")}


@lru_cache(maxsize=4096)
def content_stems(sentence: str, language: str) -> str:
    """Return the sentence's content words, stemmed and sorted: no dates, numbers or stopwords."""
    words = [w for w in re.findall(r"\w+", sentence.lower().replace("ё", "е"))
             if not w.isdigit() and w not in _STOPWORDS and not _MONTHS.match(w)]
    stemmer = _STEMMERS["ru" if language == "ru" else "en"]
    return " ".join(sorted(set(stemmer.stemWords(words))))


def similar(a: str, b: str, *, language: str) -> bool:
    """Return whether two sentences that give the same date state the same event."""
    return fuzz.token_set_ratio(content_stems(a, language), content_stems(b, language)) >= THRESHOLD
