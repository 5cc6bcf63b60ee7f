import datetime

import pytest

from dastan.stories.dates import find_dates

MARCH_10 = datetime.date(2026, 3, 10)


def dates(text: str, language: str = "en", published: datetime.date = MARCH_10) -> list[str]:
    return [m.iso for m in find_dates(text, published=published, language=language)]


@pytest.mark.parametrize("text, expected", [
    ("He was detained on March 7.", ["2026-03-07"]),
    ("The verdict came on December 28.", ["2025-12-28"]),
    ("In October 2025 he was charged.", ["2025-10"]),
    ("He was fined last year.", []),
    ("The court met on 7 March 2026 and on the 3rd of June.", ["2026-03-07", "2025-06-03"]),
    ("He was released on Mar. 2, and again on Sept. 14, 2024.", ["2026-03-02", "2024-09-14"]),
    ("In May the talks began; in 2019 they had failed.", ["2025-05", "2019"]),
    ("In March last year, and in March this year.", ["2025-03", "2026-03"]),
    ("in the spring of 2021 and in early 2020", ["2021", "2020"]),
    ("a 2016 referendum and the 2020 vote, not 2000 years", ["2016", "2020"]),
    ("The Mayor spoke in mid-March.", ["2026-03"]),
])
def test_english_dates_resolve_against_publication(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Журналиста задержали 7 марта.", ["2026-03-07"]),
    ("Приговор огласили 28 декабря.", ["2025-12-28"]),
    ("В октябре 2025 года начался суд.", ["2025-10"]),
    ("Март 2024 г. запомнился протестами.", ["2024-03"]),
    ("В марте его обыскали, а в мае задержали.", ["2026-03", "2025-05"]),
    ("С мая по октябрь шли заседания.", ["2025-05", "2025-10"]),
    ("В марте прошлого года, в 2019 году и с 2012 г.", ["2025-03", "2019", "2012"]),
    ("Задержан 14-го мая, отпущен 2 июня 2024 года.", ["2025-05-14", "2024-06-02"]),
    ("В прошлом году его оштрафовали.", []),
    ("В 2023-м году суд, в 2024-м апелляция.", ["2023", "2024"]),
    ("Он улетел в Майами в начале марта.", ["2026-03"]),
])
def test_russian_month_names_in_every_case(text, expected):
    assert dates(text, "ru") == expected


@pytest.mark.parametrize("text, expected", [
    ("Filed on 07.03.2026.", ["2026-03-07"]),
    ("Filed on 2026-03-05.", ["2026-03-05"]),
    ("Filed on 13/3/2026.", ["2026-03-13"]),
    ("Filed on 7/3/2026.", []),  # 7 March or 3 July: no guess
    ("Filed on 5/5/2026.", ["2026-05-05"]),
    ("Filed on 31.02.2026.", []),
])
def test_numeric_forms_only_when_unambiguous(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text, language", [
    ("Nazarov, who was born on 3 August 1983, denies it.", "en"),
    ("Nazarov (b. 1983) denies it.", "en"),
    ("Назаров родился 3 августа 1983 года.", "ru"),
    ("Назаров, 1983 г.р., отрицает вину.", "ru"),
    ("Жительница Ашхабада 1956 года рождения.", "ru"),
    ("Саидова, которая родилась в 1991 году, продолжит блог.", "ru"),
    ("Рахмон, родившийся 5 октября 1952 года, руководит страной.", "ru"),
])
def test_birth_dates_are_not_events(text, language):
    assert dates(text, language) == []


@pytest.mark.parametrize("text, language", [
    ("He was charged under Article 307 and Article 12 May be cited.", "en"),
    ("Art. 2015 of the code", "en"),
    ("Его обвиняют по статье 307 и ч. 2 ст. 1994 УК.", "ru"),
    ("Статья 12 мая не касается.", "ru"),
    ("Пункт 3 марта не касается.", "ru"),
])
def test_law_article_numbers_are_not_dates(text, language):
    assert dates(text, language) == []


@pytest.mark.parametrize("text, language", [
    ("He was sentenced to ten years in a strict-regime colony.", "en"),
    ("He faces 10 years and paid 2000 years ago.", "en"),
    ("Он получил 10 лет колонии, обвинение просило 12 лет.", "ru"),
    ("Соглашение рассчитано на 25 лет.", "ru"),
])
def test_sentence_lengths_and_durations_are_not_dates(text, language):
    assert dates(text, language) == []


@pytest.mark.parametrize("text, language", [
    ("Last year he was fined; next year he may appeal; this month he wrote.", "en"),
    ("He was searched last March.", "en"),
    ("В прошлом году его оштрафовали, в этом месяце отпустили.", "ru"),
    ("He was searched on Monday and released yesterday.", "en"),
])
def test_relative_phrases_are_not_dates(text, language):
    assert dates(text, language) == []


@pytest.mark.parametrize("text, language, expected", [
    ("The next hearing is scheduled for March 12.", "en", ["2026-03-12"]),
    ("The hearing was adjourned until April 2.", "en", ["2026-04-02"]),
    ("Candidates must pay the deposit by 15 December.", "en", ["2026-12-15"]),
    ("The payment would arrive before the end of April.", "en", ["2026-04"]),
    ("He said he would appeal the verdict of December 28.", "en", ["2025-12-28"]),
    ("Заседание назначено на 2 апреля.", "ru", ["2026-04-02"]),
    ("Оплатить штраф она должна до 29 мая.", "ru", ["2026-05-29"]),
])
def test_scheduled_dates_and_deadlines_look_forward(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("He took money between March and May 2025.", "en", ["2025-03", "2025-05"]),
    ("The contract runs from 2027 to 2037.", "en", ["2027", "2037"]),
    ("Protests went on from 3 to 5 March.", "en", ["2026-03-03", "2026-03-05"]),
    ("С марта по май 2025 года он получал деньги.", "ru", ["2025-03", "2025-05"]),
    ("Контракт действует с 2027 по 2037 год.", "ru", ["2027", "2037"]),
    ("Акции шли с 3 по 5 марта.", "ru", ["2026-03-03", "2026-03-05"]),
    ("The summit on 14-15 January 2026 and talks on 3–4 February.", "en",
     ["2026-01-14", "2026-01-15", "2026-02-03", "2026-02-04"]),
    ("Саммит прошёл 14–15 января.", "ru", ["2026-01-14", "2026-01-15"]),
])
def test_ranges_give_both_ends_the_shared_year_or_month(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("A court will decide on his arrest on April 9.", "en", ["2026-04-09"]),
    ("The president will visit Beijing in September.", "en", ["2026-09"]),
    ("On April 9 the court will decide.", "en", ["2026-04-09"]),
    ("He said he would appeal the verdict of December 28.", "en", ["2025-12-28"]),
    ("The verdict of December 28, he said, will be appealed.", "en", ["2025-12-28"]),
    ("Суд рассмотрит вопрос об аресте 9 апреля.", "ru", ["2026-04-09"]),
    ("Президент посетит Пекин в сентябре.", "ru", ["2026-09"]),
    ("The company will appeal by early May.", "en", ["2026-05"]),
    ("Приговор, который огласили 28 декабря, будет обжалован.", "ru", ["2025-12-28"]),
])
def test_a_future_in_the_dates_own_clause_looks_forward(text, language, expected):
    assert dates(text, language) == expected


def test_a_year_far_after_publication_is_not_a_date():
    assert dates("in 2099") == []


@pytest.mark.parametrize("text, language, expected", [
    # English futures: modals, expectations; a thousands comma does not end the clause.
    ("Fares will rise to 3,500 som from April 1.", "en", ["2026-04-01"]),
    ("The fee will go up by 1,200 tenge a month from February 1, the ministry said.", "en", ["2027-02-01"]),
    ("Officials said the border would reopen on 3 February.", "en", ["2027-02-03"]),
    ("Registration would run from 3 to 5 January.", "en", ["2027-01-03", "2027-01-05"]),
    ("The verdict is expected in February.", "en", ["2027-02"]),
    ("The ruling is now expected in January.", "en", ["2027-01"]),
    # Russian perfective futures of any verb, found by morphology, and "предстоит", "ожидается".
    ("Тарифы на электроэнергию повысятся с 1 апреля.", "ru", ["2026-04-01"]),
    ("Новые правила заработают с 1 февраля, сообщило министерство.", "ru", ["2027-02-01"]),
    ("Цена составит 1,5 тыс. сомов с 1 января.", "ru", ["2027-01-01"]),
    ("Министру предстоит отчитаться в январе.", "ru", ["2027-01"]),
    ("С 1-го февраля пошлина снизится до 5%.", "ru", ["2027-02-01"]),
])
def test_a_future_verb_or_expectation_in_the_clause_looks_forward(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("The verdict was expected in February.", "en", ["2026-02"]),
    ("He said in February that he would appeal.", "en", ["2026-02"]),
    ("Prices rose to 3,500 som on February 1.", "en", ["2026-02-01"]),
    ("Цены выросли с 1 февраля.", "ru", ["2026-02-01"]),
    ("Суд рассмотрит жалобу на решение от 28 декабря.", "ru", ["2025-12-28"]),
    ("В феврале он заявил, что обжалует приговор.", "ru", ["2026-02"]),
])
def test_past_tenses_and_named_past_dates_still_look_back(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Суд 5 марта отложил рассмотрение дела журналиста до 2 апреля.", "ru", ["2026-03-05", "2026-04-02"]),
    ("Заседание 5 марта перенесли на 15 апреля.", "ru", ["2026-03-05", "2026-04-15"]),
    ("Суд продлил арест журналиста Назарова до 5 апреля.", "ru", ["2026-04-05"]),
    ("On March 5 the judge adjourned the trial of the three activists until April 2.", "en",
     ["2026-03-05", "2026-04-02"]),
    ("The court postponed its hearing of the appeal to 20 March.", "en", ["2026-03-20"]),
])
def test_a_postponement_looks_forward_to_the_date_after_until(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Обыски в редакции прошли 10 ноября 2025 года.", "ru", ["2025-11-10"]),
    ("Выборы прошли 5 марта.", "ru", ["2026-03-05"]),
    ("Акции протеста прошли в феврале, а в прошлом году их не было.", "ru", ["2026-02"]),
    ("Переговоры прошлой осенью шли трудно, а встреча прошла 2 марта.", "ru", ["2026-03-02"]),
    ("The talks that lasted until 5 March ended without a deal.", "en", ["2026-03-05"]),
])
def test_took_place_is_not_last(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Осмоналиев, 1984 года рождения, ведёт свой канал с 2023 года.", "ru", ["2023"]),
    ("Мамытова, 1990 года рождения с 2012 года работает юристом.", "ru", ["2012"]),
    ("Садыков (1979 г.р.) работает в газете с 2010 года.", "ru", ["2010"]),
    ("Уроженка Оша, она с 2015 года живёт в Бишкеке.", "ru", ["2015"]),
    ("Nazarov, born 1983, has led it since 2010.", "en", ["2010"]),
    ("Nazarov (b. 1983) has led it since 2010.", "en", ["2010"]),
])
def test_a_birth_word_excludes_only_the_date_it_qualifies(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Remittances for January–May 2026 rose by 12%.", "en", ["2026-01", "2026-05"]),
    ("Exports in Jan.-Feb. 2025 fell.", "en", ["2025-01", "2025-02"]),
    ("Prices rose in November–February.", "en", ["2025-11", "2026-02"]),
    ("The plant was idle from 2019–2021 and in 2022-2023.", "en", ["2019", "2021", "2022", "2023"]),
    ("Мигранты перевели $1,4 млрд за январь–май 2026 года.", "ru", ["2026-01", "2026-05"]),
    ("В январе-марте 2025 года экспорт упал.", "ru", ["2025-01", "2025-03"]),
    ("За сентябрь — декабрь цены выросли.", "ru", ["2025-09", "2025-12"]),
    ("В 2020–2024 годах и в 2018-2019 гг. цены росли.", "ru", ["2020", "2024", "2018", "2019"]),
    ("В 1990–2000-х годах цены росли.", "ru", []),
])
def test_dashed_month_and_year_ranges_give_both_ends(text, language, expected):
    assert dates(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("They met on 2 March and will meet again on 20 April.", "en", ["2026-03-02", "2026-04-20"]),
    ("He was detained on March 2 and will appear in court on April 3.", "en", ["2026-03-02", "2026-04-03"]),
    ("Его задержали 2 марта и допросят снова 20 апреля.", "ru", ["2026-03-02", "2026-04-20"]),
    ("Обыски прошли 2 марта, а суд состоится 20 апреля.", "ru", ["2026-03-02", "2026-04-20"]),
    ("The company won't raise prices until 1 June.", "en", ["2026-06-01"]),
    ("It'll open on 2 February.", "en", ["2027-02-02"]),
    ("The trial, which begins on 3 February, is closed.", "en", ["2027-02-03"]),
    ("Цены могут вырасти с 1 февраля.", "ru", ["2027-02-01"]),
    ("Закон вступает в силу с 1 января.", "ru", ["2027-01-01"]),
    ("Он находится под стражей с 14 февраля.", "ru", ["2026-02-14"]),
    ("The Mayor spoke in May about what may come.", "en", ["2025-05"]),
])
def test_the_nearest_tense_before_a_date_governs_it_else_the_one_after(text, language, expected):
    assert dates(text, language) == expected


JULY_4_2025 = datetime.date(2025, 7, 4)
NOV_14_2025 = datetime.date(2025, 11, 14)
SEPT_26_2025 = datetime.date(2025, 9, 26)
DEC_1_2025 = datetime.date(2025, 12, 1)


@pytest.mark.parametrize("text, published, expected", [
    ("He said the schedule would be reviewed on 15 September.", JULY_4_2025, ["2025-09-15"]),
    ("Compensation will be paid by the end of August, he said.", JULY_4_2025, ["2025-08"]),
    ("The bridge is to be opened on 20 September.", JULY_4_2025, ["2025-09-20"]),
    ("Payouts are expected to be completed on 1 August.", JULY_4_2025, ["2025-08-01"]),
    # A past auxiliary still tells a past.
    ("The schedule was reviewed on 15 September.", JULY_4_2025, ["2024-09-15"]),
    ("The fee had been paid on 1 June.", JULY_4_2025, ["2025-06-01"]),
])
def test_a_participle_after_be_is_a_passive_and_its_auxiliary_governs(text, published, expected):
    assert dates(text, published=published) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Toktosunov expects 60,000 visitors by the end of the season in March.", DEC_1_2025, ["2026-03"]),
    ("His trial is expected to start in the second half of March.", datetime.date(2026, 2, 12), ["2026-03"]),
    ("The firm anticipates a decision in the first week of February.", DEC_1_2025, ["2026-02"]),
    # A past expectation, or a part of a past month, still looks back.
    ("The season ended at the end of March.", DEC_1_2025, ["2025-03"]),
])
def test_expectations_and_parts_of_a_month_look_forward(text, published, expected):
    assert dates(text, published=published) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Посевную кампанию хякимлик назначил на 20 марта.", "ru", ["2026-03-20"]),
    ("Суд назначил заседание на 5 декабря.", "ru", ["2025-12-05"]),
    ("Совет назначили на 2 февраля.", "ru", ["2026-02-02"]),
    ("The court scheduled the hearing for 5 December.", "en", ["2025-12-05"]),
    ("The board rescheduled its vote to 3 February.", "en", ["2026-02-03"]),
])
def test_a_date_something_is_scheduled_for_lies_ahead(text, language, expected):
    assert dates(text, language, published=NOV_14_2025) == expected


@pytest.mark.parametrize("text, language, expected", [
    # Promised in the past: the occurrence nearest publication, here already passed...
    ("По её словам, выплаты обещали завершить к 25 октября.", "ru", ["2025-10-25"]),
    ("The ministry promised to finish the payments by 25 October.", "en", ["2025-10-25"]),
    # ...or still ahead.
    ("Выплаты обещали завершить к 1 декабря.", "ru", ["2025-12-01"]),
    ("The ministry promised to pay by December 1.", "en", ["2025-12-01"]),
    # A promise in the present or future looks forward.
    ("Министерство обещает завершить выплаты к 25 октября.", "ru", ["2026-10-25"]),
    ("The ministry will finish the payments by 25 October.", "en", ["2026-10-25"]),
])
def test_a_deadline_promised_in_the_past_resolves_nearest_publication(text, language, expected):
    assert dates(text, language, published=NOV_14_2025) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("В прошлом году сезон открылся 24 сентября.", "ru", ["2024-09-24"]),
    ("Сезон в прошлом году открылся 24 сентября и закрылся в ноябре.", "ru", ["2024-09-24", "2024-11"]),
    ("В позапрошлом году сезон открылся 20 сентября.", "ru", ["2023-09-20"]),
    ("В этом году сезон откроется 1 октября.", "ru", ["2025-10-01"]),
    ("Last year the season opened on 24 September.", "en", ["2024-09-24"]),
    ("Next year the season will open on 1 September.", "en", ["2026-09-01"]),
    # Another clause's year leaves the date alone, and the phrase alone is no date.
    ("В прошлом году урожай был хуже, а сезон открылся 24 сентября.", "ru", ["2025-09-24"]),
    ("Last year's harvest was poor; this season opened on 24 September.", "en", ["2025-09-24"]),
    ("В прошлом году сезон открылся раньше.", "ru", []),
])
def test_a_relative_year_in_the_clause_gives_a_year_less_date_its_year(text, language, expected):
    assert dates(text, language, published=SEPT_26_2025) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Officials pointed to the 2030 water strategy adopted by both governments.", "en", []),
    ("The plan is part of the 2030 national development strategy.", "en", []),
    ("They cited the 2040 programme and a 2035 climate agenda.", "en", []),
    ("В рамках стратегии «Казахстан-2050» и программы «Развитие-2030 года».", "ru", []),
    # A year that dates something is still a date.
    ("In 2030 the plan will end; the 2020 vote stood; the state took control in mid-2021.", "en",
     ["2030", "2020", "2021"]),
    ("The strategy was adopted in 2024.", "en", ["2024"]),
    ("In 2025 plans were drawn up; by 2030 targets must be met.", "en", ["2025", "2030"]),
    ("Стратегию приняли в 2024 году.", "ru", ["2024"]),
])
def test_a_year_naming_a_plan_is_not_a_date(text, language, expected):
    assert dates(text, language, published=SEPT_26_2025) == expected


@pytest.mark.parametrize("text, language, published, expected", [
    ("The chairlift was built between April and November.", "en", DEC_1_2025, ["2025-04", "2025-11"]),
    ("The chairlift was built from April to November.", "en", datetime.date(2025, 8, 1),
     ["2024-04", "2024-11"]),
    ("Roads were closed between November and February.", "en", MARCH_10, ["2025-11", "2026-02"]),
    ("Подъёмник строили с апреля по ноябрь.", "ru", DEC_1_2025, ["2025-04", "2025-11"]),
    ("The federation will hold a junior race here on March 14-15.", "en", DEC_1_2025,
     ["2026-03-14", "2026-03-15"]),
    ("The talks were held on March 3–4, 2025.", "en", DEC_1_2025, ["2025-03-03", "2025-03-04"]),
    ("The talks were held on 12-13 August.", "en", DEC_1_2025, ["2025-08-12", "2025-08-13"]),
])
def test_open_month_ranges_and_month_first_day_ranges_give_both_ends(text, language, published, expected):
    assert dates(text, language, published=published) == expected
