import pytest

from dastan.stories.merge import similar


@pytest.mark.parametrize("a, b, language", [
    ("Активист находится под стражей с 14-го февраля 2026 года.", "Его задержали 14 февраля в Оше.", "ru"),
    ("Журналиста взяли под стражу 3 мая.", "Журналист арестован 3 мая.", "ru"),
    ("3 мая блогера поместили в СИЗО.", "Полиция задержала блогера 3 мая.", "ru"),
    ("He has been on remand since 3 May.", "Police detained him on 3 May.", "en"),
])
def test_custody_and_detention_on_one_day_are_one_event(a, b, language):
    assert similar(a, b, language=language)


@pytest.mark.parametrize("a, b, language", [
    ("Активист находится под стражей с 14 февраля.", "Мэр открыл новый мост 14 февраля.", "ru"),
    ("He has been on remand since 3 May.", "The bridge opened to traffic on 3 May.", "en"),
])
def test_custody_and_an_unrelated_happening_stay_apart(a, b, language):
    assert not similar(a, b, language=language)
