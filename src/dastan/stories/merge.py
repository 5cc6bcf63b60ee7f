"""When two sentences with the same date state the same event: token-set similarity of their stems."""

import re
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz

from dastan.stories.tense import lemma

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


# What happens in a running story, by word beginnings in both languages: two same-date sentences
# naming the same kind of happening (a detention, a verdict) report one event, however worded.
_KINDS = {
    "detention": ("detain", "arrest", "custody", "remand", "задерж", "арест", "страж", "сизо"),
    "search": ("search", "raid", "обыск"),
    "charge": ("charg", "indict", "обвин"),
    "trial": ("trial", "hearing", "court", "суд", "процесс", "заседан"),
    "verdict": ("verdict", "sentenc", "convict", "приговор", "осужд", "осудил"),
    "appeal": ("appeal", "апелляц", "жалоб", "обжал"),
    "fine": ("fine", "fined", "штраф"),
    "transfer": ("transfer", "colony", "этап", "колони", "перевед"),
    "release": ("releas", "freed", "освобод"),
    "agreement": ("sign", "agreement", "deal", "подпис", "соглашен"),
    "payment": ("paid", "payment", "платеж", "платёж", "перевел", "перевёл", "выплат"),
    "fire": ("fire", "blaze", "пожар", "возгоран"),
    "death": ("died", "death", "killed", "умер", "скончал", "погиб"),
    "election": ("elect", "vote", "выбор", "голосован"),
    "protest": ("protest", "rally", "митинг", "протест", "акци"),
}


def kinds(sentence: str) -> frozenset[str]:
    """Return the kinds of happening SENTENCE names (detention, verdict...)."""
    words = re.findall(r"\w+", sentence.lower().replace("ё", "е"))
    return frozenset(kind for kind, starts in _KINDS.items()
                     if any(w.startswith(starts) for w in words))


# Weekdays and reporting verbs say when and who told, not what happened.
_NOT_KEY = set(
    "monday tuesday wednesday thursday friday saturday sunday понедельник вторник среда четверг пятница "
    "суббота воскресенье say tell report add заявить сообщить сказать рассказать добавить отметить "
    "быть стать more than about около более менее".split()
)
# Two same-day sentences sharing this many key lemmas report one event ("revoked the licence" and
# "lost its licence" of one bank; "перекрыли канал" and "канал был перекрыт"). Names do not count
# unless one sentence uses the word as a common noun: every sentence of a story names its bank.
SHARED_LEMMAS = 2


@lru_cache(maxsize=4096)
def key_lemmas(sentence: str, language: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return the dictionary forms of SENTENCE's content words (Russian lemmas, English stems): all, and
    those written in lower case (or first), that is not as part of a name."""
    found: dict[str, bool] = {}
    for index, match in enumerate(re.finditer(r"[^\W\d_]+", sentence.replace("ё", "е").replace("Ё", "Е"))):
        word = match.group().lower()
        if len(word) < 2 or word in _STOPWORDS or _MONTHS.match(word):
            continue
        form = lemma(word) if language == "ru" else _STEMMERS["en"].stemWord(word)
        if form in _NOT_KEY or _STEMMERS["en"].stemWord(form) in _NOT_KEY:
            continue
        found[form] = found.get(form, False) or index == 0 or match.group()[0].islower()
    return frozenset(found), frozenset(form for form, common in found.items() if common)


def shared_lemmas(a: str, b: str, language: str) -> frozenset[str]:
    """Return the key lemmas two sentences share, names left out."""
    all_a, common_a = key_lemmas(a, language)
    all_b, common_b = key_lemmas(b, language)
    return (common_a & all_b) | (all_a & common_b)


def similar(a: str, b: str, *, language: str, exact_day: bool = False) -> bool:
    """Return whether two sentences that give the same date state the same event.

    EXACT_DAY: the date is a day, not a month or year; a shared day with shared key words is rare
    enough between two different happenings of one story to be taken as the same event.
    """
    if kinds(a) & kinds(b):
        return True
    if exact_day and len(shared_lemmas(a, b, language)) >= SHARED_LEMMAS:
        return True
    return fuzz.token_set_ratio(content_stems(a, language), content_stems(b, language)) >= THRESHOLD


def belongs(sentence: str, key: str, *, event_key: str, sentences: list[str], language: str,
            exact_day: bool = False) -> bool:
    """Return whether a same-date SENTENCE (hashed to KEY) reports the event keyed EVENT_KEY."""
    return key == event_key or any(similar(sentence, other, language=language, exact_day=exact_day)
                                   for other in sentences)
