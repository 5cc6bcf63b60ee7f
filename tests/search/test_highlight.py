"""Marking matched words: whole words only, as the tokenizer sees them, and everything else escaped."""

import pytest

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
