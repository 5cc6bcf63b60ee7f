import pytest

from dastan.stories.candidates import new_candidates
from dastan.stories.suggest import find_tags, words_match

TAGS = {
    "mirziyoyev": ["Shavkat Mirziyoyev", "Mirziyoyev", "Мирзиёев"],
    "khujand": ["Khujand", "Худжанд"],
    "rahmon": ["Emomali Rahmon", "Rahmon", "Рахмон"],
    "saidova": ["Gulnara Saidova", "Saidova"],
    "osh": ["Osh", "Ош"],
    "press": ["press freedom", "свобода прессы"],
    "elections": ["elections", "выборы"],
}


def found(text: str) -> set[str]:
    return {m.key for m in find_tags(text, TAGS)}


@pytest.mark.parametrize("text, expected", [
    ("Mirziyoyev’s visit was short.", {"mirziyoyev"}),
    ("A letter to Mirziyoyeva's office.", {"mirziyoyev"}),
    ("Письмо Мирзиёеву отправлено.", {"mirziyoyev"}),
    ("Суд в Худжанде начался.", {"khujand"}),
    ("Мэрия Оша и пожар под Ошем.", {"osh"}),
    ("Эмомали Рахмона встретили в аэропорту.", {"rahmon"}),
    ("Защитники свободы прессы выступили.", {"press"}),
    ("На выборах и после выборов; the election.", {"elections"}),
])
def test_inflected_forms_are_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("President Mirziyoev spoke.", {"mirziyoyev"}),
    ("Президент Мирзиёев и Khudjand.", {"mirziyoyev", "khujand"}),
    ("Rakhmon spoke in Dushanbe.", {"rahmon"}),  # not a listed spelling: found by transliteration
])
def test_transliteration_variants_are_found(text, expected):
    assert found(text) == expected


def test_transliteration_bridges_scripts_and_schemes():
    assert words_match("Rahmon", "Rakhmon") and words_match("Rahmon", "Рахмону")
    assert words_match("Khujand", "Ходжент") is False  # a different name needs an alias
    assert words_match("Tashkent", "Toshkent") and words_match("Khujand", "Худжанде")


@pytest.mark.parametrize("text", [
    "Judge Farrukh Saidov read the verdict.",   # Saidov is not a form of Saidova
    "Karimov and Kurmanov met.",
    "He will wash the dishes.",                 # not a capitalised Osh
    "The free press is weak.",                  # "press freedom" needs both words
    "У нас не было выбора.",                    # выбор (a choice) is not выборы (elections)
])
def test_near_misses_are_not_suggested(text):
    assert found(text) == set()


def test_new_candidates_are_people_organisations_and_places_not_known_or_rejected():
    text = ("The State Committee for National Security detained Temur Varki in Dushanbe. Orienbank LLC "
            "and ООО «Зарафшон Голд» paid. President Shavkat Mirziyoyev spoke. Karim Saidov left.")
    assert new_candidates(text, known=TAGS, rejected=["karim saidov"]) == [
        "Orienbank LLC", "ООО «Зарафшон Голд»", "State Committee for National Security", "Temur Varki",
        "Dushanbe",
    ]


def test_places_are_proposed_in_the_form_a_tag_would_have():
    text = "В Яване построили колонию. He was moved to Yavan from Khujand, near Isfara. В Худжанде тихо."
    assert new_candidates(text, known=TAGS) == ["Яван", "Yavan", "Isfara"]


NAMESAKES = {
    "dilshod-yusupov": ["Dilshod Yusupov", "Дилшод Юсупов", "Yusupov", "Юсупов"],
    "nodira-yusupova": ["Nodira Yusupova", "Нодира Юсупова", "Yusupova", "Юсупова"],
    "osh": ["Osh", "Ош"],
}


@pytest.mark.parametrize("text, expected", [
    ("Depositor Nodira Yusupova said she had lost her savings. Yusupova is a teacher.", {"nodira-yusupova"}),
    ("Вкладчица Нодира Юсупова рассказала о потерях.", {"nodira-yusupova"}),
    ("Правозащитника Дилшода Юсупова задержали. Юсупову предъявили обвинение.", {"dilshod-yusupov"}),
    ("Lawyer Dilshod Yusupov was detained in Osh.", {"dilshod-yusupov", "osh"}),
    # Without a full name, a bare surname still suggests every tag it may be.
    ("Юсупова задержали в Оше.", {"dilshod-yusupov", "nodira-yusupova", "osh"}),
    # Both named in full: both suggested.
    ("Dilshod Yusupov and his sister Nodira Yusupova spoke.", {"dilshod-yusupov", "nodira-yusupova"}),
])
def test_a_bare_surname_belongs_to_the_person_named_in_full(text, expected):
    assert {m.key for m in find_tags(text, NAMESAKES)} == expected
