import pytest

from dastan.stories.merge import SHARED_LEMMAS, shared_lemmas, similar


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


@pytest.mark.parametrize("a, b, language", [
    ("Kazakhstan's financial regulator revoked the licence of Altyn Kazyna Bank on Monday, 6 October.",
     "The bank lost its licence on 6 October 2025; since then the fund has paid out 212 billion tenge.",
     "en"),
    ("More than 300 depositors of the collapsed Altyn Kazyna Bank filed a class action against the financial "
     "regulator at the Shymkent city court on January 21, 2026.",
     "The lawsuit, filed on 21 January by 312 depositors, seeks 25.1 billion tenge.", "en"),
    ("Osmonaliev said a joint commission would meet in Namangan on 22 May.",
     "The joint commission first met on 22 May but broke up without a deal.", "en"),
    ("Фермеры Аксыйского района в среду, 14 мая, перекрыли канал Кок-Жар, оставив без воды около 3 тысяч "
     "гектаров хлопчатника в Наманганской области.",
     "Канал был перекрыт с 14 мая по 30 июня, когда стороны подписали новый график распределения воды.",
     "ru"),
    ("Мост через реку закрыли на ремонт 3 апреля.", "3 апреля мост закрыт для ремонта.", "ru"),
])
def test_same_day_reports_sharing_key_lemmas_are_one_event(a, b, language):
    assert similar(a, b, language=language, exact_day=True)
    assert len(shared_lemmas(a, b, language)) >= SHARED_LEMMAS


@pytest.mark.parametrize("a, b, language", [
    # Shared names are not shared happenings: every sentence of the story names its bank.
    ("Depositors queued outside Altyn Kazyna Bank branches on 6 October.",
     "The regulator revoked the licence of Altyn Kazyna Bank on 6 October.", "en"),
    # One shared common word is not enough.
    ("The canal was blocked on 14 May.", "The canal commission met on 14 May.", "en"),
    ("Фермеры перекрыли канал 14 мая.", "Комиссия по каналу собралась 14 мая.", "ru"),
    ("Банк «Алтын Казына» лишили лицензии 6 октября.",
     "Вкладчики банка «Алтын Казына» вышли на митинг 6 октября.",
     "ru"),
])
def test_same_day_reports_sharing_only_names_or_one_word_share_too_few_key_lemmas(a, b, language):
    assert len(shared_lemmas(a, b, language)) < SHARED_LEMMAS


@pytest.mark.parametrize("a, b, language", [
    ("Kazakhstan's financial regulator revoked the licence of Altyn Kazyna Bank on Monday, 6 October, "
     "leaving about 41,000 depositors in Shymkent and the south without access to their savings.",
     "The bank lost its licence on 6 October 2025; since then the deposit insurance fund has paid out 212 "
     "billion tenge, but about 1,900 clients with savings above the insured 20 million tenge are still "
     "waiting.",
     "en"),
    ("More than 300 depositors of the collapsed Altyn Kazyna Bank filed a class action against the financial "
     "regulator at the Shymkent city court on January 21, 2026.",
     "The lawsuit, filed on 21 January by 312 depositors, seeks 25.1 billion tenge ($48.6 million).", "en"),
])
def test_the_same_day_rule_holds_only_for_day_dates(a, b, language):
    # Worded apart, these two merge on their shared day and key words, not on a shared month.
    assert similar(a, b, language=language, exact_day=True)
    assert not similar(a, b, language=language)
