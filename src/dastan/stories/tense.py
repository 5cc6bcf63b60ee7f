"""Whether a clause speaks of what is still to come: English future markers, Russian future verbs.

Russian perfective verbs have no present tense, so their futures ("вырастет", "снизится",
"составит") look like presents; the morphological analyser pymorphy3 (OpenCorpora's dictionary)
tells them from presents ("стоит") and pasts ("прошли", "сообщил") without a hand-kept verb list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pymorphy3

PAST, PRESENT, FUTURE = "past", "present", "future"

# English has no future inflection: a future is a modal, an expectation ("is expected", "is due") or
# a timetable verb in the present ("begins on", "takes effect on").
_EN_FUTURE = re.compile(
    r"\b(?:will|shall|would|won['’]t|is to|are to|(?:is|are|am) going to|plans? to|intends? to|"
    r"(?-i:may|might)(?!\s+(?:not\s+)?have\b)|\w+['’]ll|"  # lower case: not the month May
    r"(?:is|are|be|been)\s+(?:(?:now|still|also|\w+ly)\s+)?(?:due|set|expected|scheduled|slated|planned)|"
    r"expects?|anticipates?|"  # "expects 60,000 visitors by March": an expectation looks ahead
    r"begins|starts|opens|resumes|expires|takes effect|comes into force|goes into effect)\b",
    re.IGNORECASE,
)
# English pasts: the common irregular verbs of news and regular -ed forms (not "hundred", "need").
_EN_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|met|went|came|took|gave|made|held|began|left|saw|found|got|won|"
    r"lost|paid|sent|fled|led|agreed|freed|fined|spoke|wrote|rose|fell|broke|chose|drew|drove|flew|grew|"
    r"knew|ran|sold|stood|struck|thought|brought|bought|caught|became|kept|sat|shot|sought|spent|"
    r"understood|withdrew|overturned|upheld|(?!hundred\b)\w+[^e\W]ed|\w+ied)\b",
    re.IGNORECASE,
)
# Russian words that put what follows ahead without a future verb of their own: "предстоит
# отчитаться", "ожидается", "планирует", "намерен", "могут вырасти", and timetable presents
# ("вступает в силу", "начинается").
_RU_AHEAD = re.compile(
    r"\b(?:предстоит|предстоят|ожида(?:ется|ются)|планиру\w*|запланирован\w*|намечен\w*|намерен\w*|"
    r"мож(?:ет|ем|ете)|могут|вступа(?:ет|ют)\s+в\s+силу|начина(?:ется|ются)|истека(?:ет|ют))\b",
    re.IGNORECASE,
)
# A participle after "be" is a passive, not a past: in "would be reviewed on 15 September" and "will
# be paid by August" the auxiliary before it tells the time.
_EN_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are|am)\s+(?:(?:not|\w+ly)\s+)?$", re.IGNORECASE)
_RU_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
_RU_TENSES = {"futr": FUTURE, "past": PAST, "pres": PRESENT}


@lru_cache(maxsize=1)
def _analyser() -> pymorphy3.MorphAnalyzer:
    # Loading the dictionary takes about half a second: once per process, on first use. Imported
    # here too: reader workers load the stories models (and this module) but never analyse verbs.
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=16384)
def verb_tense(word: str) -> str | None:
    """Return the tense of WORD's likeliest reading if it is a finite Russian verb, else None."""
    tag = _analyser().parse(word.lower())[0].tag
    return _RU_TENSES.get(tag.tense) if tag.POS == "VERB" else None


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """Return the dictionary form of a Russian WORD's likeliest reading ("перекрыт" -> "перекрыть")."""
    return _analyser().parse(word.lower())[0].normal_form


def tense_marks(clause: str, language: str) -> list[tuple[int, str]]:
    """Return (offset, tense) for each word of CLAUSE that carries a tense, in text order."""
    ahead = _RU_AHEAD if language == "ru" else _EN_FUTURE
    marks = [(m.start(), FUTURE) for m in ahead.finditer(clause)]
    spans = [m.span() for m in ahead.finditer(clause)]
    if language == "ru":
        words = [(m.start(), verb_tense(m.group())) for m in _RU_WORD.finditer(clause)]
    else:
        words = [(m.start(), PAST) for m in _EN_PAST.finditer(clause)
                 if not _EN_PASSIVE_BEFORE.search(clause, 0, m.start())]
    marks += [(at, tense) for at, tense in words
              if tense and not any(start <= at < end for start, end in spans)]
    return sorted(marks)


def governing_tense(clause: str, at: int, language: str) -> str | None:
    """Return the tense that governs a date at offset AT of CLAUSE: the nearest before it, else after.

    "They met on 2 March and will meet on 20 April": "met" governs the first date, "will" the second;
    "On April 9 the court will decide", "С 1 мая цены вырастут": the verb follows its date.
    """
    marks = tense_marks(clause, language)
    before = [tense for offset, tense in marks if offset < at]
    if before:
        return before[-1]
    return next((tense for offset, tense in marks if offset >= at), None)
