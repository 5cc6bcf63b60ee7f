"""Calendar dates written in English and Russian news text, resolved against a publication date.

A hand-written grammar for this domain: explicit calendar dates only. Relative phrases ("last year",
"в прошлом году", "on Monday"), birth dates, law article numbers and durations ("ten years",
"10 лет") never make a date. A date without a year is the most recent such date not after
publication, unless the sentence schedules or postpones it ("adjourned until April 2", "отложил
рассмотрение до 2 апреля") or its own clause speaks of the future ("will rise from April 1", "is
expected in February", Russian future verbs such as "вырастет с 1 мая", found by tense.py).
"""

import datetime
import re
from dataclasses import dataclass

from dastan.stories.tense import FUTURE, PAST, governing_tense

DAY, MONTH, YEAR = "day", "month", "year"
# Years further ahead of publication than this are not dates of the story ("by 2099").
_HORIZON = 30

_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![A-Za-z])"  # not Mayor, not Marches
)
# Every case form: марта, март, в марте, мартом; май, мая, мае.
_RU_STEMS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
_RU_MONTH = (
    r"(?:(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ём|ем)|"
    r"(?:март|август)(?:а|е|у|ом)?|ма(?:й|я|е|ю|ем))(?![а-яё])"  # not Майами, not Мартук
)
_YEAR = r"(?:19|20)\d{2}"
_RU_YEAR_WORD = r"(?:\s*(?:(?:года|году|год)(?![а-яё])|г\.(?!\s*р\.)|г(?=\s|$)))"

_EN_PATTERNS = [
    # March 7, 2026 · March 7th · Sept. 7
    (DAY, rf"(?P<month>{_EN_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
          rf"(?!\d|:|\s*(?:years?|months?|days?|weeks?)\b)(?:,?\s+(?P<year>{_YEAR})\b)?"),
    # 7 March 2026 · 7th of March · the 7th March
    (DAY, rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_EN_MONTH})"
          rf"(?:,?\s+(?P<year>{_YEAR})\b)?"),
    # October 2025 · Oct. 2025
    (MONTH, rf"(?P<month>{_EN_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR})\b"),
    # in October · since late October · in October last year
    (MONTH, rf"(?:\b(?i:in|since|during|until|till|by|from|through|throughout|of)\s+"
            rf"(?:(?i:early|late|mid-?)\s*)?)"
            rf"(?P<month>{_EN_MONTH})(?P<rel>\s+(?:last|this|next)\s+year)?"),
    # in 2024 · since early 2019 · in the spring of 2021
    (YEAR, rf"\b(?i:in|since|during|until|till|by|throughout|from|of)\s+(?:the\s+)?"
           rf"(?:(?i:early|late|mid-?|spring|summer|autumn|fall|winter)\s*(?:of\s+)?)?(?P<year>{_YEAR})\b"
           rf"(?!\s*(?:years?|%|per|percent))"),
    # the 2020 vote · a 2016 referendum: a year naming the thing after it
    (YEAR, rf"\b(?i:the|a|an|its|his|her|their)\s+(?P<year>{_YEAR})(?=\s+[a-z])(?!\s+(?:years?|per)\b)"),
]
_RU_PATTERNS = [
    # 7 марта 2026 года · 7-го марта
    (DAY, rf"(?P<day>\d{{1,2}})(?:-?го)?\s+(?P<month>{_RU_MONTH})(?:\s+(?P<year>{_YEAR}){_RU_YEAR_WORD}?)?"),
    # в октябре 2025 года · октябрь 2025 г.
    (MONTH, rf"(?P<month>{_RU_MONTH})\s+(?P<year>{_YEAR}){_RU_YEAR_WORD}?"),
    # в марте · с конца октября · в марте прошлого года
    (MONTH, rf"(?:\b(?:в|во|с|со|до|к|по|начале|конце|середине|начала|конца|середины)\s+)"
            rf"(?P<month>{_RU_MONTH})(?P<rel>\s+(?:прошлого|этого|текущего|нынешнего|следующего)\s+года)?"),
    # в 2024 году · с 2019 года · в 2019 г. · в 2023-м
    (YEAR, rf"(?P<year>{_YEAR})(?:{_RU_YEAR_WORD}|-(?:м|го)(?![а-яё]){_RU_YEAR_WORD}?)"),
]
# Ranges whose first end borrows the year (or month) of the second: "between March and May 2025",
# "с марта по май 2025 года", "from 2027 to 2037", "с 2027 по 2037 год", "from 3 to 5 March".
_EN_TO = r"\s+(?i:and|to|until|till|through)\s+"
_DASH = r"\s*[-\u2013\u2014]\s*"
# "in January–May", "в январе–марте": a year-less dash range needs a preposition to be a period.
_EN_RANGE_PREP = (r"\b(?i:in|from|during|between|for|since|of|by|until|through)\s+"
                  r"(?:(?i:early|late|mid-?)\s*)?")
_RU_RANGE_PREP = r"\b(?:в|во|за|с|со|на|до|к|по|начале|конце|середине)\s+"
_RANGES = {
    "en": [
        (MONTH, rf"\b(?i:between|from)\s+(?P<m1>{_EN_MONTH}){_EN_TO}(?P<m2>{_EN_MONTH}),?\s+"
                rf"(?P<year>{_YEAR})\b"),
        (MONTH, rf"\b(?i:between|from)\s+(?P<m1>{_EN_MONTH}){_EN_TO}(?P<m2>{_EN_MONTH})"),
        (MONTH, rf"\b(?P<m1>{_EN_MONTH}){_DASH}(?P<m2>{_EN_MONTH}),?\s+(?P<year>{_YEAR})\b"),
        (MONTH, rf"{_EN_RANGE_PREP}(?P<m1>{_EN_MONTH}){_DASH}(?P<m2>{_EN_MONTH})"),
        (YEAR, rf"\b(?i:between|from)\s+(?P<y1>{_YEAR}){_EN_TO}(?P<y2>{_YEAR})\b"),
        (YEAR, rf"{_EN_RANGE_PREP}(?:the\s+)?(?P<y1>{_YEAR}){_DASH}(?P<y2>{_YEAR})\b"
               rf"(?!\s*(?:years?|%|per|percent))"),
        (DAY, rf"(?:\b(?i:between|from)\s+(?P<d1>\d{{1,2}}){_EN_TO}|\b(?P<h1>\d{{1,2}})\s*[-\u2013\u2014]\s*)"
              rf"(?P<d2>\d{{1,2}})\s+(?P<month>{_EN_MONTH})(?:,?\s+(?P<year>{_YEAR})\b)?"),
        # on March 14-15 · March 14–15, 2026
        (DAY, rf"(?P<month>{_EN_MONTH})\s+(?P<h1>\d{{1,2}})(?:st|nd|rd|th)?{_DASH}"
              rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<year>{_YEAR})\b)?"),
    ],
    "ru": [
        (MONTH, rf"\b(?:с|со)\s+(?P<m1>{_RU_MONTH})\s+(?:по|до)\s+(?P<m2>{_RU_MONTH})\s+(?P<year>{_YEAR})"
                rf"{_RU_YEAR_WORD}?"),
        (MONTH, rf"\b(?:с|со)\s+(?P<m1>{_RU_MONTH})\s+(?:по|до)\s+(?P<m2>{_RU_MONTH})"),
        (MONTH, rf"\b(?P<m1>{_RU_MONTH}){_DASH}(?P<m2>{_RU_MONTH})\s+(?P<year>{_YEAR}){_RU_YEAR_WORD}?"),
        (MONTH, rf"{_RU_RANGE_PREP}(?P<m1>{_RU_MONTH}){_DASH}(?P<m2>{_RU_MONTH})"),
        (YEAR, rf"\b(?:с|со)\s+(?P<y1>{_YEAR})\s+(?:по|до)\s+(?P<y2>{_YEAR})(?:\s*(?:год\w*|гг?\.))?"),
        # в 2020–2024 годах · 2019-2021 гг. (not the decades of "1990–2000-х годах")
        (YEAR, rf"\b(?P<y1>{_YEAR}){_DASH}(?P<y2>{_YEAR})\s*(?:год(?:ы|ах|ам|ов)?(?![а-яё])|гг?\.)"),
        (DAY, rf"(?:\b(?:с|со)\s+(?P<d1>\d{{1,2}})\s+(?:по|до)\s+|\b(?P<h1>\d{{1,2}})\s*[-\u2013\u2014]\s*)"
              rf"(?P<d2>\d{{1,2}})\s+(?P<month>{_RU_MONTH})(?:\s+(?P<year>{_YEAR}){_RU_YEAR_WORD}?)?"),
    ],
}
_NUMERIC = [
    (DAY, r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})"),
    (DAY, r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"),
    (DAY, r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d{2})"),
]

# Words that make the number after them an article, part or item of a law, not a date.
_LAW_BEFORE = re.compile(
    r"(?:\b(?:articles?|art|part|paragraph|item|clause|section|no|number|статья|статьи|статье|статью|"
    r"ст|ч|часть|части|пункт|пункта|п|№)\.?\s*(?:\d+(?:\.\d+)*\s*(?:,|and|и)\s*)*$)",
    re.IGNORECASE,
)
_BIRTH_BEFORE = re.compile(
    r"(?:\b(?:born|birth|родил(?:ся|ась|ись)|родивш\w+|рождения|уроженец|уроженка)\b|\b(?:b|рожд)\.)"
    r"[^.;,()]{0,25}$",  # within its own phrase: "Осмоналиев, 1984 года рождения, ведёт канал с 2023 года"
    re.IGNORECASE,
)
# A birth word right after a number qualifies that number ("1984 года рождения"), not what follows.
_AFTER_A_NUMBER = re.compile(r"\d\s*(?:года|г\.|г)?\s*$", re.IGNORECASE)
_BIRTH_AFTER = re.compile(r"^\s*(?:г\.\s*р\.|г\.р\.|(?:года\s+|г\.\s*)?рождения|\)?\s*born)", re.IGNORECASE)
_DURATION_AFTER = re.compile(
    r"^\s*(?:years?|months?|weeks?|days?|hours?|лет|год(?:а|ам|ами)?|месяц\w*|недел\w*|дн(?:я|ей)|сут\w*|час\w*)\b",
    re.IGNORECASE,
)
_SCHEDULED_BEFORE = re.compile(
    r"\b(?:scheduled|set for|due|postponed|adjourned|deferred|extended|remanded|next hearing|назначен\w*|"
    r"отложен\w*|перенес\w*|перенесён\w*|состоится|пройд[её]т|начн[её]тся|продлен\w* до|продлён\w* до|"
    r"будет|запланирован\w*)\b[^.;]{0,30}$",
    re.IGNORECASE,
)
# A deadline in a sentence about what will or must happen: "has until May 29 to pay", "would arrive
# before the end of February", "обещает выплатить ... до 1 июня", "должна до 29 мая".
_FUTURE = re.compile(
    r"\b(?:will|would|shall|must|has until|have until|promised?|promises|plans?|expects?|is expected|"
    r"are expected|intends?|to be paid|будет|будут|должн\w*|обещ\w*|планиру\w*|намерен\w*|ожида\w*|"
    r"нужно|надо|обязан\w*)\b",
    re.IGNORECASE,
)
_DEADLINE_BEFORE = re.compile(
    r"(?:\b(?:(?:by|until|till|before)(?: the (?:end|start|beginning|middle) of)?|no later than|до|к|"
    r"не позднее)\s*(?:(?:early|late|mid-?)\s*)?$)",
    re.IGNORECASE,
)
# A postponement moves its case to the date after "until"/"до", whatever tense tells it: "16 апреля
# отложил рассмотрение дела до 30 апреля", "adjourned the trial of the three until April 30".
_POSTPONED = re.compile(
    r"\b(?:adjourn\w*|postpon\w*|defer\w*|put off|schedul\w*|reschedul\w*|extended|prolonged|"
    r"отлож\w*|перен[её]с\w*|продл\w*|назнач\w*)",
    re.IGNORECASE,
)
_UNTIL_BEFORE = re.compile(r"\b(?:until|till|to|for|до|на)\s+$", re.IGNORECASE)
# "in the second half of March", "by the end of August": a part of the period that follows.
_PART_OF = (r"(?:(?:(?:first|second|last|final)\s+)?(?:half|end|start|beginning|middle|close|part|week|days|"
            r"quarter)\s+of\s+(?:the\s+)?)")
_PART_BEFORE = re.compile(rf"\bthe\s+{_PART_OF}$", re.IGNORECASE)
_FUTURE_PREPOSITION = re.compile(
    rf"\b(?:on|in|at|by|until|till|before|from|after)\s+(?:the\s+)?(?:(?:early|late|mid-?)\s*)?{_PART_OF}?$",
    re.IGNORECASE,
)
# "the verdict of 28 December", "решение от 28 декабря": a past thing named, even in a future clause.
_NAMED_BEFORE = {"en": re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE),
                 "ru": re.compile(r"\bот\s+$", re.IGNORECASE)}
# A comma inside a number (3,500; 1,4) and a dash inside a range (14–15, январь–май) join, not part.
# "He said in February that he would appeal": a clause ends where the next one begins ("that", "что").
_CLAUSE_EDGE = re.compile(
    r"(?<!\d),|,(?!\d)|[;:()]|(?<!\w)[\u2013\u2014]|[\u2013\u2014](?!\w)|"
    r"\b(?:that|whether|что|чтобы|котор(?:ый|ая|ое|ые|ого|ой|ую|ых|ым|ом))\b",
    re.IGNORECASE,
)
# "В прошлом году сезон открылся 24 сентября", "last year the season opened on 24 September": a
# relative year in the clause gives a year-less date its year (the phrase itself is no event).
_CLAUSE_YEAR = {
    "en": re.compile(r"\b(?:(?P<back2>the\s+year\s+before\s+last)|(?P<rel>last|this|next)\s+year)\b",
                     re.IGNORECASE),
    "ru": re.compile(r"\b(?:в|во)\s+(?:(?P<back2>позапрошлом)|"
                     r"(?P<rel>прошлом|этом|текущем|нынешнем|следующем))\s+году\b", re.IGNORECASE),
}
# "the 2030 water strategy", "the 2030 national development strategy": a year naming a plan, not a
# date; "Казахстан-2050", "Стратегия-2030": a year joined to a name.
_PLAN_AFTER = re.compile(
    r"^(?:\s+(?!(?:the|a|an|and|or|to|of|in|on|at|by|for|from|with)\b)[a-z][\w-]*){0,2}\s+(?:strateg(?:y|ies)|"
    r"programmes?|programs?|plans?|visions?|agendas?|concepts?|roadmaps?|doctrines?|targets?|goals?)\b"
)
_DETERMINED_YEAR = re.compile(rf"(?i:the|a|an|its|his|her|their)\s+{_YEAR}")
_NAME_BEFORE = re.compile(r"\b(?!mid-)[^\W\d_]+-$", re.IGNORECASE)  # not "in mid-2021"
# "прошлый"/"прошлого" (last) is relative, "прошли" (took place) is not.
_RELATIVE_BEFORE = re.compile(
    r"\b(?:last|next|this|every|each|прошл(?:ый|ого|ому|ом|ая|ой|ую|ое|ые|ых|ым|ыми)|следующ\w*|кажд\w*)\s+$",
    re.IGNORECASE,
)


def iso_at_precision(date: datetime.date, precision: str) -> str:
    """Return DATE as ISO 8601 at PRECISION, as <time datetime> takes it: 2026-03-07, 2025-10 or 2025."""
    if precision == YEAR:
        return f"{date.year:04d}"
    if precision == MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


@dataclass(frozen=True)
class DateMention:
    """A date found in text: its span, its first day, and whether it names a day, month or year."""

    start: int
    end: int
    text: str
    date: datetime.date
    precision: str

    @property
    def iso(self) -> str:
        return iso_at_precision(self.date, self.precision)


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    if word[:3] in _EN_MONTHS and re.fullmatch(r"[a-z]+", word):
        return _EN_MONTHS[word[:3]]
    for stem, number in sorted(_RU_STEMS.items(), key=lambda item: -len(item[0])):
        if word.startswith(stem):
            return number
    raise ValueError(word)


FORWARD, BACK, NEAREST = "forward", "back", "nearest"


def _resolve(year: int | None, month: int, day: int | None, published: datetime.date,
             direction: str) -> datetime.date | None:
    """Return the date for a possibly year-less mention: the nearest one before, after or around PUBLISHED."""
    try:
        if year is not None:
            return datetime.date(year, month, day or 1)
        if direction == NEAREST:
            options = [d for d in (_resolve(None, month, day, published, FORWARD),
                                   _resolve(None, month, day, published, BACK)) if d is not None]
            return min(options, key=lambda d: abs((d - published).days), default=None)
        candidate = datetime.date(published.year, month, day or 1)
        if direction == FORWARD:
            earliest = published if day else published.replace(day=1)
            if candidate < earliest:
                candidate = candidate.replace(year=published.year + 1)
        elif (candidate.year, candidate.month, day or 0) > (published.year, published.month,
                                                          published.day if day else 0):
            candidate = candidate.replace(year=published.year - 1)
        return candidate
    except ValueError:  # 30 February, or 29 February in the wrong year
        return None


def _excluded(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 60):start], text[end:end + 40]
    birth = _BIRTH_BEFORE.search(before)
    if birth and _AFTER_A_NUMBER.search(before[:birth.start()]):
        birth = None
    return bool(
        _LAW_BEFORE.search(before) or birth or _BIRTH_AFTER.match(after)
        or _DURATION_AFTER.match(after) or _RELATIVE_BEFORE.search(before)
        or _NAME_BEFORE.search(text, 0, start) is not None
        or (_DETERMINED_YEAR.fullmatch(text, start, end) is not None and _PLAN_AFTER.match(after) is not None)
    )


def _compiled(language: str):
    grammar = _RU_PATTERNS if language == "ru" else _EN_PATTERNS
    flags = re.IGNORECASE if language == "ru" else 0
    return [(precision, re.compile(pattern, flags)) for precision, pattern in grammar] + [
        (precision, re.compile(pattern)) for precision, pattern in _NUMERIC
    ]


_GRAMMARS = {language: _compiled(language) for language in ("en", "ru")}
_RANGE_GRAMMARS = {
    language: [(precision, re.compile(pattern, re.IGNORECASE if language == "ru" else 0))
               for precision, pattern in patterns]
    for language, patterns in _RANGES.items()
}


def _numeric_day_month(match: re.Match) -> tuple[int, int] | None:
    groups = match.groupdict()
    if "a" not in groups or groups["a"] is None:
        return int(groups["day"]), int(groups["month"])
    a, b = int(groups["a"]), int(groups["b"])
    if a == b or (a > 12) != (b > 12):  # 7/3/2026 could be either; 13/3/2026 cannot
        return (a, b) if a > 12 or a == b else (b, a)
    return None


def _clause(text: str, start: int, core: int) -> tuple[int, str]:
    """Return where the clause around a date at START (its core at CORE) begins, and its text."""
    edges = [m.end() for m in _CLAUSE_EDGE.finditer(text, 0, start)]
    after = _CLAUSE_EDGE.search(text, core)
    begin = edges[-1] if edges else 0
    return begin, text[begin:after.start() if after else len(text)]


def _direction(text: str, start: int, core: int, language: str) -> str:
    """Return where a year-less date at START (its number or month word at CORE) lies: FORWARD, BACK..."""
    if _SCHEDULED_BEFORE.search(text[max(0, start - 40):start]):
        return FORWARD
    begin, clause = _clause(text, start, core)
    tense = governing_tense(clause, core - begin, language)
    before = text[max(0, core - 30):core]
    if _FUTURE.search(text[:start]) and _DEADLINE_BEFORE.search(text[max(0, core - 40):core]):
        # "обещали завершить к 25 октября" told after the fact: a promise reported in the past may
        # have fallen due already, so the occurrence nearest publication, not the next one.
        return NEAREST if tense == PAST else FORWARD
    if _POSTPONED.search(text, begin, core) and _UNTIL_BEFORE.search(before):
        return FORWARD
    named = _NAMED_BEFORE[language].search(before) and not _PART_BEFORE.search(before)
    if tense != FUTURE or named:
        return BACK
    # English says "on July 9", "in September"; "the verdict of December 28" is a past one named.
    return FORWARD if language == "ru" or _FUTURE_PREPOSITION.search(before) else BACK


def _clause_year(text: str, start: int, core: int, published: datetime.date, language: str) -> int | None:
    """Return the year a relative phrase in the date's clause gives it ("в прошлом году"), if any."""
    match = _CLAUSE_YEAR[language].search(_clause(text, start, core)[1])
    if match is None:
        return None
    if match.group("back2"):
        return published.year - 2
    word = match.group("rel").lower()
    return published.year + (-1 if word in {"last", "прошлом"} else 1 if word in {"next", "следующем"} else 0)


def _year_less_range(parts: list, published: datetime.date, direction: str) -> list:
    """Resolve both ends of a year-less period as one: "between November and February" spans New Year."""
    (_y1, m1, d1), (_y2, m2, d2) = parts
    if direction == FORWARD:  # the period starts at the next such date and ends after it
        first = _resolve(None, m1, d1, published, FORWARD)
        second = first and _resolve(first.year, m2, d2, published, FORWARD)
        if first and second and second < first:
            second = _resolve(first.year + 1, m2, d2, published, FORWARD)
        return [first, second]
    second = _resolve(None, m2, d2, published, direction)  # it ends at the latest such date
    first = second and _resolve(second.year, m1, d1, published, direction)
    if first and second and first > second:
        first = _resolve(second.year - 1, m1, d1, published, direction)
    return [first, second]


def _ranges(text: str, published: datetime.date, language: str) -> list[DateMention]:
    found = []
    for precision, pattern in _RANGE_GRAMMARS[language]:
        for match in pattern.finditer(text):
            start, end = match.span()
            if _excluded(text, start, end) or any(m.start < end and start < m.end for m in found):
                continue
            g = match.groupdict()
            year = int(g["year"]) if g.get("year") else None
            if precision == YEAR:
                parts = [(int(g["y1"]), 1, None), (int(g["y2"]), 1, None)]
            elif precision == MONTH:
                parts = [(year, _month_number(g["m1"]), None), (year, _month_number(g["m2"]), None)]
            else:
                month = _month_number(g["month"])
                first = g.get("d1") or g["h1"]
                parts = [(year, month, int(first)), (year, month, int(g["d2"]))]
            core = min(match.start(name) for name in ("m1", "y1", "d1", "h1", "month") if g.get(name))
            if year is None and precision != YEAR:
                year = _clause_year(text, start, core, published, language)
                parts = [(year, m, d) for _y, m, d in parts]
            direction = _direction(text, start, core, language)
            if year is None and precision != YEAR:
                dates = _year_less_range(parts, published, direction)
            else:
                dates = [_resolve(y, m, d, published, direction) for y, m, d in parts]
            found += [DateMention(start, end, match.group(0), date, precision) for date in dates
                      if date is not None and date.year <= published.year + _HORIZON]
    return found


def find_dates(text: str, *, published: datetime.date, language: str = "en") -> list[DateMention]:
    """Return the calendar dates TEXT states, resolved against the PUBLISHED date, in order."""
    language = "ru" if language == "ru" else "en"
    found: list[DateMention] = _ranges(text, published, language)
    for precision, pattern in _GRAMMARS[language]:
        for match in pattern.finditer(text):
            start, end = match.span()
            if start and text[start - 1].isalnum():
                continue
            if any(m.start < end and start < m.end for m in found):
                continue
            if _excluded(text, start, end):
                continue
            groups = match.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            if precision == YEAR:
                month, day = 1, None
            elif "a" in groups or groups.get("month", "").isdigit():
                pair = _numeric_day_month(match)
                if pair is None:
                    continue
                day, month = pair
            else:
                month = _month_number(groups["month"])
                day = int(groups["day"]) if precision == DAY else None
            rel = (groups.get("rel") or "").strip().lower()
            if rel:
                year = published.year + (-1 if rel.startswith(("last", "прошл"))
                                          else 1 if rel.startswith(("next", "след")) else 0)
            # Where the date itself begins, after any preposition the pattern took in ("of February").
            core = min(match.start(g) for g, v in groups.items() if v and g in {"day", "month", "year", "a"})
            if year is None:
                year = _clause_year(text, start, core, published, language)
            date = _resolve(year, month, day, published, _direction(text, start, core, language))
            if date is None or date.year > published.year + _HORIZON:
                continue
            found.append(DateMention(start, end, match.group(0), date, precision))
    found.sort(key=lambda m: (m.start, m.date))
    return found
