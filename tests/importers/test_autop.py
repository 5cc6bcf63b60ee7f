"""WordPress's paragraph rules, as the classic editor's posts need them."""

import pytest

from dastan.importers.autop import autop


@pytest.mark.parametrize("text, expected", [
    ("One\n\nTwo", "<p>One</p>\n<p>Two</p>"),
    ("Line one\nline two", "<p>Line one<br />\nline two</p>"),
    ("One\r\n\r\nTwo", "<p>One</p>\n<p>Two</p>"),
    ("One\n\n\n\nTwo", "<p>One</p>\n<p>Two</p>"),
    ("<h2>Title</h2>\nText", "<h2>Title</h2>\n<p>Text</p>"),
    ("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("<blockquote>Said\n\nAnd more</blockquote>", "<blockquote><p>Said</p>\n<p>And more</p></blockquote>"),
    ("<p>Already</p>", "<p>Already</p>"),
    ("a <strong>b</strong> c", "<p>a <strong>b</strong> c</p>"),
    ("Intro<!--more-->\nRest", "<p>Intro</p>\n<p>Rest</p>"),
    ("", ""),
    ("  \n\n ", ""),
])
def test_rules(text, expected):
    assert autop(text) == expected


def test_preformatted_text_is_left_alone():
    assert autop("Code:\n<pre>a\n\nb</pre>\nEnd") == "<p>Code:</p>\n<pre>a\n\nb</pre>\n<p>End</p>"


def test_block_editor_posts_are_not_touched():
    text = "<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two</p>"
    assert autop(text) == text
