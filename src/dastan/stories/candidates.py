"""New tag candidates in an article: people, organisations and places that are not tags yet."""

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from dastan.stories.suggest import find_tags

_TITLES = set(
    "The A An In On At By For But And Or He She It They We This That These Those When After Before "
    "While If As Mr Mrs Ms Dr President Prime Minister Judge Deputy Chairman Head General Former Mayor "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December According Last Next Its His Her Their Our "
    "В На По С И А Но Он Она Они Это Как После До При Президент Глава Судья Министр Бывший "
    "Председатель".split()
)
_CONNECTORS = {"of", "for", "and", "de", "ul", "al", "on"}
_ORG = re.compile(
    r"(?:\b(?:ООО|ОАО|ЗАО|АО|ПАО|ОсОО|ТОО|ГУП|НКО|ОО)\s*)?«[^«»]{2,60}»"
    r"|\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*\s+(?:LLC|Ltd|JSC|Inc|Corp|Group)\b\.?"
)
# A capitalised word after these is most likely a place: "in Yavan", "near Isfara", "в Яване", "из Исфары".
_PLACE_BEFORE = re.compile(r"(?:\b(?i:in|near|from|to|at|outside)|(?<!\w)(?i:в|во|из|под|около|близ))\s+"
                           r"(?P<name>[A-ZА-ЯЁ][\w’'-]+)")


def _capitalised_runs(sentence: str) -> list[str]:
    tokens = re.findall(r"[\w’'-]+|[^\w\s]", sentence)
    runs, current = [], []
    for token in tokens:
        if token[:1].isupper() and token not in _TITLES and not token.isupper():
            current.append(token)
        elif token in _CONNECTORS and current:
            current.append(token)
        else:
            while current and current[-1] in _CONNECTORS:
                current.pop()
            if sum(1 for t in current if t[:1].isupper()) >= 2:
                runs.append(" ".join(current))
            current = []
    while current and current[-1] in _CONNECTORS:
        current.pop()
    if sum(1 for t in current if t[:1].isupper()) >= 2:
        runs.append(" ".join(current))
    return runs


def _place(word: str) -> str:
    """Return a place name as a tag would have it: Russian "Яване" (in Yavan) is "Яван"."""
    if re.fullmatch(r"[А-ЯЁ][а-яё]+[бвгджзклмнпрстфхцчшщ]е", word):
        return word[:-1]  # the locative of a name ending in a consonant, the usual Central Asian toponym
    return word


def new_candidates(text: str, *, known: Mapping[object, Iterable[str]], rejected: Iterable[str] = (),
                   limit: int = 10) -> list[str]:
    """Return names in TEXT that could become tags: people and institutions (capitalised runs of two
    or more words), organisations (LLC, ООО, «…»), places (a capitalised word after "in", "в"...),
    leaving out existing tags and rejected names."""
    counts: Counter[str] = Counter()
    for match in _ORG.finditer(text):
        counts[" ".join(match.group(0).split())] += 2
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for run in _capitalised_runs(sentence):
            counts[run] += 1
    for match in _PLACE_BEFORE.finditer(text):
        name = match.group("name")
        if name not in _TITLES and not name.isupper():
            counts[_place(name)] += 1
    turned_down = {name.casefold() for name in rejected}
    names = [name for name, _count in counts.most_common()]
    keep = []
    for name in names:
        # A run inside a longer name ("Зарафшон Голд" in "ООО «Зарафшон Голд»") is that name, kept or not.
        if any(name != other and name in other for other in names):
            continue
        if name.casefold() in turned_down or find_tags(name, known):
            continue
        keep.append(name)
    return keep[:limit]
