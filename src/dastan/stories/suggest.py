"""Tag suggestions: existing tags named in an article, whatever the case ending or transliteration.

A spelling matches when each of its words matches consecutive words of the text. Two words match
when, after removing a case ending (Мирзиёеву, Худжанде, Mirziyoyev's, Mirziyoyeva), their Latin
transliterations share a consonant skeleton and are close letter by letter, so Mirziyoyev,
Мирзиёев and Mirziyoev meet, while Karimov and Kurmanov do not.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

_WORD = re.compile(r"\w+(?:['’ʻ`]\w+)*")
_RU_ENDINGS = ("ами", "ями", "ого", "его", "ому", "ему", "ах", "ях", "ам", "ям", "ов", "ев", "ой", "ей",
               "ом", "ем", "ым", "им", "ую", "юю", "ою", "ею", "а", "я", "у", "ю", "е", "ы", "и")
_EN_ENDINGS = ("'s", "’s", "es", "s", "a")
# A Russian plural (выборы, санкции) matches only plural forms: выборов, not выбора ("choice").
_RU_PLURAL = ("ы", "и")
_RU_PLURAL_FORMS = ("ы", "и", "ов", "ев", "ей", "ам", "ям", "ами", "ями", "ах", "ях")
# Sound spellings that transliteration schemes write differently: Ж zh/j, Х kh/h/x, Дж dzh/dj/j.
_DIGRAPHS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("x", "h"), ("q", "k"), ("ts", "c"),
             ("shch", "sh"), ("w", "v"), ("ph", "f"))
_MIN_RATIO = 75
def _latin(word: str) -> str:
    text = anyascii(word.lower().replace("ё", "е"))
    text = re.sub(r"[^a-z]", "", text)
    for written, sound in _DIGRAPHS:
        text = text.replace(written, sound)
    return re.sub(r"(.)\1+", r"\1", text)


def _skeleton(latin: str) -> str:
    """Return the first letter and the consonants after it: vowels are where schemes disagree."""
    return latin[:1] + re.sub(r"[aeiouyj]", "", latin[1:]) if latin else ""


def _stems(word: str) -> set[str]:
    """Return WORD and WORD without each case ending it may carry (Оше gives Ош, Рахмону Рахмон)."""
    lower = word.lower()
    endings = _RU_ENDINGS if re.search(r"[а-яё]", lower) else _EN_ENDINGS
    found = {lower}
    for ending in endings:
        if lower.endswith(ending) and len(lower) - len(ending) >= 2:
            found.add(lower[: -len(ending)])
    return found


@lru_cache(maxsize=8192)
def _forms(word: str) -> frozenset[tuple[str, str]]:
    """Return (skeleton, latin) for every stem of WORD."""
    return frozenset((_skeleton(latin), latin) for latin in map(_latin, _stems(word)) if latin)


def words_match(spelled: str, written: str) -> bool:
    """Return whether WRITTEN (a word of the text) is a form of SPELLED (a word of a tag's name).

    A capitalised name matches only capitalised words: "Osh" the city, not a lower-case word. Give
    topic names in lower case (see tag_spellings) to match them anywhere.
    """
    if spelled[:1].isupper() and not written[:1].isupper():
        return False
    # A word cut short is another word: Saidov is not a form of Saidova.
    spelled_latin, written_latin = _latin(spelled), _latin(written)
    if len(written_latin) < len(spelled_latin) and spelled_latin.startswith(written_latin):
        return False
    if (re.fullmatch(r"[а-яё]+", spelled.lower()) and spelled.lower().endswith(_RU_PLURAL)
            and re.fullmatch(r"[а-яё]+", written.lower()) and not written.lower().endswith(_RU_PLURAL_FORMS)):
        return False
    for skeleton_a, latin_a in _forms(spelled):
        for skeleton_b, latin_b in _forms(written):
            if skeleton_a == skeleton_b and (latin_a == latin_b or (
                    min(len(latin_a), len(latin_b)) >= 4 and fuzz.ratio(latin_a, latin_b) >= _MIN_RATIO)):
                return True
    return False


@dataclass(frozen=True)
class Match:
    """A tag found in the text: which tag (its key), by which spelling, as written in the text."""

    key: object
    spelling: str
    text: str


def find_tags(text: str, spellings: Mapping[object, Iterable[str]]) -> list[Match]:
    """Return the tags (keys of SPELLINGS) one of whose spellings occurs in TEXT, first found first."""
    words = _WORD.findall(text)
    # Where each skeleton occurs, so a tag whose first word is nowhere in the text costs one lookup:
    # the newsroom may have thousands of tags.
    positions: dict[str, set[int]] = {}
    for i, word in enumerate(words):
        for skeleton, _latin_form in _forms(word):
            positions.setdefault(skeleton, set()).add(i)
    found: dict[object, Match] = {}
    for key, names in spellings.items():
        for name in names:
            parts = _WORD.findall(name)
            if not parts or key in found:
                continue
            starts = set().union(*(positions.get(skeleton, set()) for skeleton, _l in _forms(parts[0])))
            for i in sorted(starts):
                if i + len(parts) > len(words):
                    continue
                if all(words_match(part, words[i + j]) for j, part in enumerate(parts)):
                    found[key] = Match(key, name, " ".join(words[i:i + len(parts)]))
                    break
    return [m for m in found.values() if not _named_in_full_by_another(m, found.values())]


def _named_in_full_by_another(match: Match, matches: Iterable[Match]) -> bool:
    """Return whether MATCH is a bare surname that a person named in full also answers to.

    Articles name a person in full, then by surname: "Nodira Yusupova ... Yusupova said" is not also
    Dilshod Yusupov, and «Дилшода Юсупова» is not Nodira Yusupova. A tag matched only by one word
    yields to another tag matched by a full name containing that word.
    """
    if len(_WORD.findall(match.spelling)) != 1:
        return False
    return any(other.key != match.key and len(_WORD.findall(other.spelling)) > 1
               and any(words_match(part, match.text) for part in _WORD.findall(other.spelling))
               for other in matches)


def tag_spellings(tags: Iterable) -> dict[object, list[str]]:
    """Return each tag's spellings keyed by the tag; topics in lower case, since they are common nouns."""
    spellings = {}
    for tag in tags:
        names = tag.spellings()
        spellings[tag] = [n.lower() for n in names] if tag.kind == "topic" else names
    return spellings
