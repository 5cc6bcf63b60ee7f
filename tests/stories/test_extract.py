import datetime

from dastan.stories.extract import extract_events, paragraphs, sentences


def test_english_sentences_keep_titles_abbreviated_months_and_initials():
    text = ("On Mar. 7 the court met. Mr. Nazarov said no. He left in Oct. 2025. "
            "Under Art. 307 he was charged. The U.S. embassy did not comment. J. Smith agreed.")
    assert sentences(text, language="en") == [
        "On Mar. 7 the court met.", "Mr. Nazarov said no.", "He left in Oct. 2025.",
        "Under Art. 307 he was charged.", "The U.S. embassy did not comment.", "J. Smith agreed.",
    ]


def test_russian_sentences_keep_abbreviations():
    text = "Его задержали 12 мая 2024 г. в Душанбе. Суд назначен по ст. 307 УК. Т.е. всё."
    assert sentences(text, language="ru") == [
        "Его задержали 12 мая 2024 г. в Душанбе.", "Суд назначен по ст. 307 УК.", "Т.е. всё.",
    ]


def test_paragraphs_come_from_blocks_with_entities_decoded():
    html = "<p>One &amp; two</p><ul><li>Three</li></ul><p>Four<br>five</p>"
    assert paragraphs(html) == ["One & two", "Three", "Four", "five"]


def test_each_event_is_a_sentence_of_the_article_with_its_date():
    body = ("<p>He was detained on May 14. Born on 3 August 1983, he has written since 2012.</p>"
            "<p>He got ten years on 28 December. Last year he was fined.</p>")
    found = extract_events(lead="", body=body, published=datetime.date(2026, 3, 10), language="en")
    assert [(c.iso, c.sentence) for c in found] == [
        ("2025-05-14", "He was detained on May 14."),
        ("2012", "Born on 3 August 1983, he has written since 2012."),
        ("2025-12-28", "He got ten years on 28 December."),
    ]
    assert all(c.sentence in body for c in found)  # extractive: the article's own words
