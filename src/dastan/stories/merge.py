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


def similar(a: str, b: str, *, language: str) -> bool:
    """Return whether two sentences that give the same date state the same event."""
    if kinds(a) & kinds(b):
        return True
    return fuzz.token_set_ratio(content_stems(a, language), content_stems(b, language)) >= THRESHOLD


def belongs(sentence: str, key: str, *, event_key: str, sentences: list[str], language: str) -> bool:
    """Return whether a same-date SENTENCE (hashed to KEY) reports the event keyed EVENT_KEY."""
    return key == event_key or any(similar(sentence, other, language=language) for other in sentences)
