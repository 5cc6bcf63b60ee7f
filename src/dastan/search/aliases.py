"""Tag spellings as search keys: a query word that is any spelling of a tag finds all of them."""

from django.core.cache import cache

from dastan.search.folding import phrase_keys

CACHE_KEY = "dastan:search:aliases:v1"
CACHE_SECONDS = 3600


def spelling_map() -> dict[str, list[tuple[str, ...]]]:
    """Return {key of a one-word spelling: every spelling of its tags as key phrases}, cached.

    Only one-word spellings are looked up (a query word "Rahmon" meets the alias "Rahmon", but
    the word "Republic" must not pull in every tag named "Republic of ..."); the expansions
    include the multi-word spellings, matched as phrases.
    """
    return _cached()[0]


def tag_names() -> dict[str, str]:
    """Return {key of a one-word spelling: the tag's name}, for "did you mean" suggestions."""
    return _cached()[1]


def _cached() -> tuple[dict, dict]:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = _build()
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget() -> None:
    """Drop the cached map, after a tag or one of its aliases changed."""
    cache.delete(CACHE_KEY)


def _build() -> tuple[dict, dict]:
    from dastan.taxonomy.models import Tag

    found: dict[str, set[tuple[str, ...]]] = {}
    names: dict[str, str] = {}
    for tag in Tag.objects.prefetch_related("aliases").only("id", "name", "name_translations"):
        phrases = {p for p in map(phrase_keys, tag.spellings()) if p}
        for phrase in phrases:
            if len(phrase) == 1:
                found.setdefault(phrase[0], set()).update(phrases)
                names.setdefault(phrase[0], tag.name)
    return {key: sorted(phrases) for key, phrases in found.items()}, names
