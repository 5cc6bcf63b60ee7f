import pytest

from dastan.search.query import MAX_CHARS, MAX_TERMS, clean, parse

pytestmark = pytest.mark.django_db


def test_operators_and_punctuation_become_plain_words():
    query = parse('"Rahmon" AND (Khujand OR NOT k_head:x*) ^ NEAR')
    # "and" and "or" are stopwords here, like "the": dropped while other words remain.
    assert [t.word for t in query.terms] == ["Rahmon", "Khujand", "NOT", "k_head", "x", "NEAR"]
    keys = {k for t in query.terms for k in t.exact | t.prefixes}
    assert all(k.isascii() and k.isalnum() for k in keys)


def test_control_characters_are_spaces():
    assert clean("Rah\x00mon\x1b[31m\u202e") == "Rah mon [31m"


def test_long_queries_are_cut_to_the_documented_limits():
    query = parse("word " * 3000)
    assert query.shortened and len(query.text) <= MAX_CHARS
    assert len(parse(" ".join(str(1900 + i) for i in range(40))).terms) == MAX_TERMS


def test_empty_and_wordless_queries_have_no_terms():
    for text in ["", "   ", "!!! ??? ***", "\x00\x01"]:
        assert not parse(text)


def test_stopwords_are_dropped_unless_they_are_all_there_is():
    assert [t.word for t in parse("the Rahmon of Tajikistan").terms] == ["Rahmon", "Tajikistan"]
    assert [t.word for t in parse("the of").terms] == ["the", "of"]


def test_surname_endings_also_match_the_root():
    [term] = parse("Mirziyoyev").terms
    assert {"mirziev", "mirzi"} <= term.prefixes
