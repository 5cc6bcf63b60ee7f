"""Marking matched words: whole words only, as the tokenizer sees them, and everything else escaped."""

import pytest

from dastan.search import folding, highlight
from dastan.search.folding import text_keys
from dastan.search.highlight import Matcher, mark, snippet
from dastan.search.query import parse

pytestmark = pytest.mark.django_db  # parse() reads the tags' spellings


@pytest.mark.parametrize("text, expected", [
    ("'Rahmon' said", "&#x27;<mark>Rahmon</mark>&#x27; said"),
    ("Rahmon's visit", "<mark>Rahmon&#x27;s</mark> visit"),
    ("Rahmonov and Rahmon", "<mark>Rahmonov</mark> and <mark>Rahmon</mark>"),
    ("xRahmon Rahmon", "xRahmon <mark>Rahmon</mark>"),
    ("<b>Rahmon</b> & co", "&lt;b&gt;<mark>Rahmon</mark>&lt;/b&gt; &amp; co"),
    ("nothing here", "nothing here"),
])
def test_only_whole_matched_words_are_marked(text, expected):
    assert str(mark(text, Matcher(parse("Rahmon")))) == expected


def test_an_apostrophe_inside_a_word_is_part_of_it():
    matcher = Matcher(parse("zbekiston"))
    assert str(mark("O'zbekiston and zbekiston", matcher)) == "O&#x27;zbekiston and <mark>zbekiston</mark>"


@pytest.mark.parametrize("words_before", [0, 9, 99, 100, 257])
def test_the_snippet_starts_near_the_first_match_however_far_in(words_before):
    text = " ".join(["filler,"] * words_before + ["'Khujand'", "is", "on", "the", "river."])
    found = snippet(text, Matcher(parse("Khujand")), text_keys(text))
    assert "&#x27;<mark>Khujand</mark>&#x27; is on the river." in str(found)
    assert str(found).startswith("… " if words_before >= 9 else "filler," if words_before else "&#x27;")


@pytest.mark.parametrize("words_before", [0, 9, 399, 400, 401, 2000])
def test_without_keys_the_snippet_still_starts_at_the_first_match(words_before):
    # PostgreSQL hands no keys back: the text itself is read, a piece at a time. "filler " is 7
    # characters, so the match falls before, on and after the first pieces' ends (highlight.SCAN_STEP).
    text = " ".join(["filler"] * words_before + ["Xo'jand", "is", "on", "the", "river.", "Khujand", "again."])
    found = str(snippet(text, Matcher(parse("Khujand"))))
    assert "<mark>Xo&#x27;jand</mark> is on the river. <mark>Khujand</mark> again." in found
    assert found.startswith("… " if words_before >= 9 else "filler" if words_before else "<mark>")


def test_without_keys_a_text_with_no_match_has_no_snippet_and_a_long_word_is_never_cut():
    matcher = Matcher(parse("Khujand"))
    assert str(snippet("filler " * 1000, matcher)) == ""
    # One "word" longer than a piece: the piece grows to hold it, so "Khujand" glued inside it is
    # no word of its own.
    assert str(snippet("b" * 3000 + "Khujand", matcher)) == ""
    assert "<mark>Khujand</mark>" in str(snippet("b" * 3000 + " Khujand", matcher))


def test_a_snippet_without_keys_decides_no_word_after_the_first_match():
    matcher = Matcher(parse("Khujand"))
    text = "Khujand " + " ".join(f"other{n}" for n in range(5000))
    snippet(text, matcher)
    assert len(matcher._yes) + len(matcher._no) < 400  # the first piece's words, not all 5,001


def test_what_matchers_remember_is_bounded(monkeypatch):
    monkeypatch.setattr(highlight, "MAX_DECIDED", 1000)
    matcher = Matcher(parse("Khujand"))
    for start in range(0, 5000, 500):
        matcher.among({f"word{n}" for n in range(start, start + 500)})
        assert len(matcher._yes) + len(matcher._no) <= 1000
    assert matcher({"Khujand"}.pop()) and not matcher("word1")
    assert folding.word_key.cache_info().maxsize == folding.WORD_CACHE <= 40_000
    assert folding.name_key.cache_info().maxsize == folding.NAME_CACHE <= 40_000
    for n in range(highlight.SHARED_MATCHERS + 5):
        Matcher.of(parse(f"query{n}"))
    assert highlight._shared.cache_info().currsize == highlight.SHARED_MATCHERS
