"""Whether a clause speaks of what is still to come: English future markers, Russian future verbs.

Russian perfective verbs have no present tense, so their futures ("вырастет", "снизится",
"составит") look like presents; the morphological analyser pymorphy3 (OpenCorpora's dictionary)
tells them from presents ("стоит") and pasts ("прошли", "сообщил") without a hand-kept verb list.
"""

import re
from functools import lru_cache

import pymorphy3

# English has no future inflection: a future is a modal or an expectation ("is expected", "is due").
_EN_FUTURE = re.compile(
    r"\b(?:will|shall|would|is to|are to|(?:is|are|am) going to|plans? to|intends? to|"
    r"(?:is|are|be|been)\s+(?:(?:now|still|also|\w+ly)\s+)?(?:due|set|expected|scheduled|slated|planned))\b",
    re.IGNORECASE,
)
# Russian words that put what follows ahead without a future verb of their own:
# "предстоит отчитаться", "ожидается", "планирует", "намерен", "запланировано".
_RU_AHEAD = re.compile(
    r"\b(?:предстоит|предстоят|ожида(?:ется|ются)|планиру\w*|запланирован\w*|намечен\w*|намерен\w*)\b",
    re.IGNORECASE,
)
_RU_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _analyser() -> pymorphy3.MorphAnalyzer:
    # Loading the dictionary takes about half a second: once per process, on first use.
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=16384)
def is_future_verb(word: str) -> bool:
    """Return whether WORD's likeliest reading is a Russian verb in the future tense."""
    tag = _analyser().parse(word.lower())[0].tag
    return tag.POS == "VERB" and tag.tense == "futr"


def speaks_of_future(clause: str, language: str) -> bool:
    """Return whether CLAUSE tells of something still to happen (will, is expected, вырастет)."""
    if language != "ru":
        return bool(_EN_FUTURE.search(clause))
    return bool(_RU_AHEAD.search(clause)) or any(is_future_verb(w) for w in _RU_WORD.findall(clause))
