"""Quotes as regional press stories really write them (issue 14): the styles of the issue,
each with its speaker in the nominative and the title the story gives, and what is not a quote.
The stories are written for these tests."""

import pytest

from articles.plaintext import Quote, parse_story
from recognition.quotes import recognise


def items(text, title=""):
    story = recognise(parse_story("Лид материала.\n" + text), title=title)
    return [
        (item.first_name, item.last_name, item.title, item.text)
        if isinstance(item, Quote)
        else item
        for item in story.body
    ]


def quotes(text, title=""):
    return [item for item in items(text, title) if isinstance(item, tuple)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "«Я благодарен всем, кто помогал», — отметил губернатор Белгородской области "
            "Вячеслав Гладков.",
            (
                "Вячеслав",
                "Гладков",
                "губернатор Белгородской области",
                "Я благодарен всем, кто помогал",
            ),
        ),
        (
            'Как заявил Сергей Собянин, "город готов к зиме".',
            ("Сергей", "Собянин", "", "город готов к зиме"),
        ),
        (
            "По словам министра промышленности Тульской области Ивана Петрова, «заводы загружены».",
            ("Иван", "Петров", "министр промышленности Тульской области", "заводы загружены"),
        ),
        (
            "По словам губернатора Тульской области Дмитрия Миляева, «область готова».",
            ("Дмитрий", "Миляев", "губернатор Тульской области", "область готова"),
        ),
        (
            "— В целом ситуация известна, мы её контролируем, — отметил Владимир Путин.",
            ("Владимир", "Путин", "", "В целом ситуация известна, мы её контролируем."),
        ),
        (
            "Олег Николаев, Глава Чувашии: Был осуществлён большой объём работы.",
            ("Олег", "Николаев", "Глава Чувашии", "Был осуществлён большой объём работы."),
        ),
        (
            "Вячеслав Гладков отметил на совещании: «Работа будет продолжена».",
            ("Вячеслав", "Гладков", "", "Работа будет продолжена"),
        ),
        (
            "«Спасибо за поддержку», - сказал и.о. губернатора Иван Сидоров.",
            ("Иван", "Сидоров", "и.о. губернатора", "Спасибо за поддержку"),
        ),
    ],
)
def test_each_style_gives_its_quote_speaker_and_title(text, expected):
    assert quotes(text) == [expected]


def test_a_title_alone_names_the_person_the_story_named_with_it():
    found = quotes(
        "Губернатор Ульяновской области Алексей Русских провёл совещание. "
        "«Мы продолжим работу», – подчеркнул руководитель региона."
    )

    assert found == [
        ("Алексей", "Русских", "Губернатор Ульяновской области", "Мы продолжим работу")
    ]


def test_an_interrupted_dash_quote_takes_the_speaker_of_the_sentence_before():
    found = quotes(
        "Мэр Оксана Иванова открыла школу.\n"
        "– Это важный день, – заявила она. – Дети придут сюда уже в сентябре."
    )

    assert found == [
        ("Оксана", "Иванова", "Мэр", "Это важный день. Дети придут сюда уже в сентябре.")
    ]


def test_a_surname_alone_is_the_person_named_in_full_before():
    found = quotes(
        "Губернатор Московской области Андрей Воробьев посетил больницу.\n"
        "Больница получит новое оборудование в этом году, — заявил Воробьев."
    )

    assert found == [("Андрей", "Воробьев", "Губернатор Московской области",
                      "Больница получит новое оборудование в этом году.")]  # fmt: skip


def test_a_speaker_named_in_the_dative_is_found_by_pronoun():
    found = quotes(
        "Слово предоставили Дмитрию Миляеву.\n— Мы выполнили всё, что обещали, — сказал он."
    )

    assert found == [("Дмитрий", "Миляев", "", "Мы выполнили всё, что обещали.")]


def test_the_narrative_around_a_quote_stays_text_in_order():
    assert items(
        "Совещание прошло в Туле. Как заявил Сергей Собянин, «город готов». Работы завершат."
    ) == ["Совещание прошло в Туле.", ("Сергей", "Собянин", "", "город готов"), "Работы завершат."]


@pytest.mark.parametrize(
    "text",
    [
        "Дмитрий Миляев отметил, что регион выполнил все обязательства.",
        "Губернатор отметил, что «ситуация под контролем».",  # a phrase inside indirect speech
        "Новый мост назвали «Северным».",  # quotation marks around a name
        "— Всё будет сделано в срок, — сказал представитель ведомства.",  # nobody to name
        "— Всё будет сделано в срок, — сказала она.",  # no woman named before
        "Работа продолжается, — отмечается в сообщении пресс-службы.",
    ],
)
def test_what_is_not_a_quote_of_someone_named_stays_a_paragraph(text):
    assert items(text) == [text]


def test_the_house_format_is_read_as_before():
    story = "Дмитрий МИЛЯЕВ\nГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ\nМы работаем.\nАбзац."

    assert items(story) == [
        ("Дмитрий", "Миляев", "ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ", "Мы работаем."),
        "Абзац.",
    ]


def test_an_attribution_ends_with_its_sentence():
    found = quotes(
        "Губернатор Тульской области Дмитрий Миляев провёл совещание. «Мы продолжим работу», "
        "— отметил он. Работы идут по плану."
    )

    assert found == [("Дмитрий", "Миляев", "Губернатор Тульской области", "Мы продолжим работу")]


def test_an_acting_governor_keeps_the_whole_title():
    found = quotes(
        "По словам временно исполняющего обязанности губернатора Курской области Ивана "
        "Петрова, «работы продолжатся»."
    )

    assert found == [("Иван", "Петров", "временно исполняющий обязанности губернатора Курской "
                      "области", "работы продолжатся")]  # fmt: skip
