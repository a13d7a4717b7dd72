"""Quotes as regional press stories really write them (issue 14): the styles of the issue,
each with its speaker in the nominative and the title the story gives, and what is not a quote.
The stories are written for these tests."""

import pytest

from recognition.plaintext import Quote, parse_story
from recognition.quotes import recognise
from recognition.titles import nominative_title

pytestmark = pytest.mark.django_db  # titles that name a region are read with the region table


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


def test_an_acting_title_after_a_verb_keeps_temporarily():
    found = quotes(
        "Совещание провёл временно исполняющий обязанности губернатора Курской области "
        "Иван Петров.\n«Работы продолжатся», — сказал врио губернатора."
    )

    assert found == [("Иван", "Петров", "временно исполняющий обязанности губернатора "
                      "Курской области", "Работы продолжатся")]  # fmt: skip


def test_two_officials_in_one_sentence_keep_their_own_titles():
    found = quotes(
        "Соглашение подписали глава Чувашии Олег Николаев и губернатор Нижегородской области "
        "Глеб Никитин.\n«Дорога нужна обоим регионам», — отметил Глеб Никитин.\n"
        "«Начнём весной», — добавил глава Чувашии."
    )

    assert found == [
        ("Глеб", "Никитин", "губернатор Нижегородской области", "Дорога нужна обоим регионам"),
        ("Олег", "Николаев", "глава Чувашии", "Начнём весной"),
    ]


def test_two_titles_joined_by_and_belong_to_two_people():
    found = quotes(
        "Губернатор Пензенской области и глава Мордовии Артём Здунов осмотрели мост.\n"
        "«Мост откроют летом», — сказал Артём Здунов."
    )

    assert found == [("Артём", "Здунов", "глава Мордовии", "Мост откроют летом")]


def test_a_lead_in_with_circumstances_after_the_name():
    found = quotes(
        "Как заявил губернатор Курской области Иван Петров на заседании облдумы, «бюджет "
        "выполнен». Губернатор Орловской области Андрей Клычков, осматривая цеха, сказал: "
        "«Завод загружен»."
    )

    assert found == [
        ("Иван", "Петров", "губернатор Курской области", "бюджет выполнен"),
        ("Андрей", "Клычков", "Губернатор Орловской области", "Завод загружен"),
    ]


def test_a_surname_the_dictionary_does_not_know_is_the_person_named_before():
    found = quotes(
        "Губернатор Тамбовской области Максим Развожаев открыл школу.\n"
        "Развожаев добавил: «Следующая школа будет в Мичуринске»."
    )

    assert found == [("Максим", "Развожаев", "Губернатор Тамбовской области",
                      "Следующая школа будет в Мичуринске")]  # fmt: skip


def test_a_title_alone_is_the_person_whose_title_names_the_same_region():
    found = quotes(
        "Губернатор Кузбасса Илья Середюк и губернатор Новосибирской области Андрей Травников "
        "провели встречу.\n«Трасса будет готова», — сказал руководитель Кузбасса."
    )

    assert found == [("Илья", "Середюк", "Губернатор Кузбасса", "Трасса будет готова")]


def test_a_transcript_speaker_named_again_keeps_their_title():
    found = quotes(
        "Игорь Васильев, губернатор Кировской области: Школу построили в срок.\n"
        "Корреспондент: Следующая школа откроется весной.\n"
        "Игорь Васильев: Деньги на неё уже есть."
    )

    assert [(first, last, title) for first, last, title, _ in found] == [
        ("Игорь", "Васильев", "губернатор Кировской области"),
        ("Игорь", "Васильев", "губернатор Кировской области"),
    ]


def test_a_dash_quote_after_a_narrative_sentence_in_one_paragraph():
    assert items(
        "Директор завода Ольга Мишина рассказала о планах. – Цех заработает в марте, – "
        "сказала она. – Людей уже набираем."
    ) == [
        "Директор завода Ольга Мишина рассказала о планах.",
        ("Ольга", "Мишина", "Директор завода", "Цех заработает в марте. Людей уже набираем."),
    ]


def test_a_paragraph_without_marks_keeps_its_narrative_sentence_as_text():
    assert items(
        "Губернатор Курской области Иван Петров осмотрел дороги.\n"
        "Позже губернатор встретился с жителями Курчатова. Дороги к весне будут отремонтированы, "
        "за каждую яму спрошу с подрядчика, — заявил Петров."
    )[1:] == [
        "Позже губернатор встретился с жителями Курчатова.",
        ("Иван", "Петров", "Губернатор Курской области",
         "Дороги к весне будут отремонтированы, за каждую яму спрошу с подрядчика."),
    ]  # fmt: skip


def test_a_pronoun_after_a_man_and_a_woman_were_named_is_the_woman():
    found = quotes(
        "Губернатор Курской области Иван Петров открыл школу. Экскурсию провела директор "
        "Анна Смирнова.\n— Здесь будут учиться 800 детей, — сказала она."
    )

    assert found == [("Анна", "Смирнова", "директор", "Здесь будут учиться 800 детей.")]


def test_a_title_may_hold_a_quoted_company_name():
    found = quotes(
        "Директор МУП «Курский трамвай» Андрей Зуев рассказал о графике.\n"
        "«Вагоны выйдут на линию в марте», — сказал Андрей Зуев."
    )

    assert found == [("Андрей", "Зуев", "Директор МУП «Курский трамвай»",
                      "Вагоны выйдут на линию в марте")]  # fmt: skip


def test_an_attribution_title_keeps_a_quoted_company_name():
    found = quotes("«Линию откроют в марте», — сказал директор МУП «Курский трамвай» Андрей Зуев.")

    assert found == [("Андрей", "Зуев", "директор МУП «Курский трамвай»", "Линию откроют в марте")]


def test_a_pronoun_takes_the_title_the_story_gave_the_name_before():
    found = quotes(
        "Губернатор Курской области Иван Петров открыл мост.\n"
        "Иван Петров признал, что ждали его долго.\n"
        "– Теперь до райцентра двадцать минут, – сказал он. – Раньше ехали час."
    )

    assert found == [("Иван", "Петров", "Губернатор Курской области",
                      "Теперь до райцентра двадцать минут. Раньше ехали час.")]  # fmt: skip


def test_a_title_may_hold_a_name_in_parentheses_or_a_word_the_dictionary_lacks():
    found = quotes(
        "Глава Республики Саха (Якутия) Айсен Николаев и Глава Республики Марий Эл Юрий "
        "Зайцев подписали соглашение.\n"
        "«Зимник откроем в декабре», — отметил Айсен Николаев.\n"
        "«Трассу расширим», — сказал Юрий Зайцев."
    )

    assert [(first, title) for first, _, title, _ in found] == [
        ("Айсен", "Глава Республики Саха (Якутия)"),
        ("Юрий", "Глава Республики Марий Эл"),
    ]


def test_a_title_starts_at_the_word_that_names_a_post():
    found = quotes(
        "Ход работ губернатор Курской области Иван Петров обсудил с подрядчиком.\n"
        "Как заявил Иван Петров, «мост откроют к лету»."
    )

    assert found == [("Иван", "Петров", "губернатор Курской области", "мост откроют к лету")]


@pytest.mark.parametrize(
    "addressee",
    [
        "корреспонденту агентства",
        "журналистам",
        "нашему корреспонденту",
        "ТАСС",
        "агентству",
        "изданию",
        "агентству «Интерфакс»",
    ],
)
def test_whom_the_speaker_told_is_not_part_of_the_title(addressee):
    found = quotes(
        f"«Линию откроют в марте», — сказал {addressee} директор МУП «Курский трамвай» Андрей Зуев."
    )

    assert found == [("Андрей", "Зуев", "директор МУП «Курский трамвай»", "Линию откроют в марте")]


@pytest.mark.parametrize(
    "title",
    [
        "начальник Главного управления МЧС России по Курганской области",
        "полпред Президента в Приволжском федеральном округе",
        "уполномоченный по правам человека в Курской области",
    ],
)
def test_a_title_keeps_its_prepositions_before_the_name(title):
    """«по», «в» before the name belong to the title; after it, to the circumstances."""
    found = quotes(f"«Учения пройдут в каждом округе», — сообщил {title} Денис Ильин.")

    assert found == [("Денис", "Ильин", title, "Учения пройдут в каждом округе")]


@pytest.mark.parametrize("after", ["на совещании в Туле", "по телефону", "в ходе визита"])
def test_the_circumstances_after_the_name_are_not_the_speaker(after):
    found = quotes(f"«Мост откроют к лету», — сказал губернатор Иван Петров {after}.")

    assert found == [("Иван", "Петров", "губернатор", "Мост откроют к лету")]


def test_whom_the_speaker_told_is_not_part_of_a_kak_zayavil_title():
    found = quotes("Как заявил агентству директор метрополитена Ильдар Гарипов, «поезда пойдут».")

    assert found == [("Ильдар", "Гарипов", "директор метрополитена", "поезда пойдут")]


def test_a_colon_quote_after_indirect_speech_by_the_same_subject():
    """«Иван Петров рассказал, что …, и добавил: «…»»: the subject opens the sentence."""
    found = quotes(
        "Министр туризма Иван Петров рассказал, что гостиницы заполнены, и добавил: "
        "«Больше всего бронирований из Москвы»."
    )

    assert found == [("Иван", "Петров", "Министр туризма", "Больше всего бронирований из Москвы")]


def test_a_dash_quote_after_narrative_loses_its_opening_dash():
    found = items(
        "Иван Петров рассказал, что проект готов. — Экспертиза пройдена, весной начнём, "
        "— сказал он."
    )

    assert found[-1][-1] == "Экспертиза пройдена, весной начнём."


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("главного врача больницы", "главный врач больницы"),
        ("главной медсестры", "главная медсестра"),
        ("первого заместителя губернатора", "первый заместитель губернатора"),
        # A participle that governs the instrumental is the post: «заведующая отделением».
        ("заведующей отделением", "заведующая отделением"),
        ("управляющего санаторием «Лесной»", "управляющий санаторием «Лесной»"),
        # One that does not agree with the noun after it is the post: «нападающий команды».
        ("нападающего команды «Факел»", "нападающий команды «Факел»"),
        ("дежурного врача", "дежурный врач"),
    ],
)
def test_an_adjective_before_the_post_agrees_with_it_in_the_nominative(title, expected):
    assert nominative_title(title.split()) == expected


def test_a_post_that_could_be_read_as_an_adjective_stays_the_post():
    assert nominative_title(["главой", "администрации", "Таганрога"]) == (
        "глава администрации Таганрога"
    )


def test_the_house_block_inside_an_agency_story_may_spell_the_name_as_usual():
    story = (
        "Ирина Соколова\nДИРЕКТОР ТЕАТРА «ОКА»\n«Мы ждём зрителей.»\n"
        "Новый сезон\nНАЧНЁТСЯ В МАРТЕ\nАбзац."
    )

    assert items(story) == [
        ("Ирина", "Соколова", "ДИРЕКТОР ТЕАТРА «ОКА»", "Мы ждём зрителей."),
        # Not a first name: a line and a line in capitals are two paragraphs.
        "Новый сезон",
        "НАЧНЁТСЯ В МАРТЕ",
        "Абзац.",
    ]


def test_a_title_alone_with_a_feminine_verb_names_the_woman_with_that_title():
    found = quotes(
        "Губернатор края Иван Петров открыл сезон. Министр туризма края Анна Смирнова "
        "напомнила о новых гостевых домах.\n"
        "«Люди выбирают небольшие гостевые дома», — подчеркнула глава краевого минтуризма."
    )

    assert found == [
        ("Анна", "Смирнова", "Министр туризма края", "Люди выбирают небольшие гостевые дома")
    ]


def test_the_head_of_a_ministry_is_its_minister_not_the_regions_head():
    found = quotes(
        "Итоги подвёл министр сельского хозяйства области Дмитрий Кравцов. Губернатор "
        "области Роман Бусаргин поблагодарил аграриев.\n"
        "«Хозяйства берегли влагу», — подчеркнул глава регионального минсельхоза."
    )

    assert found == [
        ("Дмитрий", "Кравцов", "министр сельского хозяйства области", "Хозяйства берегли влагу")
    ]


def test_the_head_of_a_region_whose_name_holds_gorod_is_still_the_regions_head():
    """«Белгородской» holds «город»: a city's administration is told by words, not letters."""
    from recognition.speakers import Context

    text = (
        "Губернатор Белгородской области Вячеслав Гладков осмотрел дома.\n"
        + "Новости района.\n" * 30
        + "«Квартиры будут готовы», — подчеркнул глава региона."
    )

    name, title, _ = Context(text).resolve("глава региона", text.index("«Квартиры"))

    assert (name.first, name.last, title) == (
        "Вячеслав", "Гладков", "Губернатор Белгородской области"
    )  # fmt: skip


def test_titles_in_a_row_before_the_name_are_one_title():
    found = quotes(
        "— Мы сохранили старые берёзы, — пояснила автор проекта, ландшафтный архитектор "
        "Елена Горшкова."
    )

    assert found == [
        (
            "Елена",
            "Горшкова",
            "автор проекта, ландшафтный архитектор",
            "Мы сохранили старые берёзы.",
        )
    ]


def test_where_someone_is_from_belongs_to_their_title():
    found = quotes(
        "Оленевод из Ямальского района Николай Салиндер кочует с семьёй.\n"
        "«Свет теперь есть всегда», — сказал Николай Салиндер."
    )

    assert found == [
        ("Николай", "Салиндер", "Оленевод из Ямальского района", "Свет теперь есть всегда")
    ]


@pytest.mark.parametrize(
    ("attribution", "speaker"),
    [
        ("рассказала фельдшер из села Орлик Дарима Балданова", ("Дарима", "Балданова")),
        ("сказал чабан Баир Цыренов", ("Баир", "Цыренов")),
    ],
)
def test_a_first_name_the_dictionary_lacks_is_still_a_speaker(attribution, speaker):
    """Not the last person named before: «Дарима», «Баир» are not in pymorphy3's names."""
    found = quotes(
        "Министр здравоохранения Иван Петров открыл центр.\n"
        f"«Дорогу зимой закрывают неделями», — {attribution}."
    )

    assert [(first, last) for first, last, _, _ in found] == [speaker]


def test_a_transcript_speaker_whose_first_name_the_dictionary_lacks():
    found = quotes(
        "Дарима Цыренова, заместитель мэра по городскому хозяйству: Мы проверили все котельные."
    )

    assert [(first, last, title) for first, last, title, _ in found] == [
        ("Дарима", "Цыренова", "заместитель мэра по городскому хозяйству")
    ]


def test_po_slovam_with_a_first_name_the_dictionary_lacks_puts_the_surname_in_the_nominative():
    found = quotes(
        "Глава республики Иван Петров открыл школу. По словам министра образования Гульназ "
        "Хайруллиной, «набор начнётся в феврале»."
    )

    assert [(first, last) for first, last, _, _ in found] == [("Гульназ", "Хайруллина")]


def test_a_son_is_not_his_father_named_with_another_title():
    found = quotes(
        "Турнир памяти заслуженного тренера Петра Шогенова собрал 300 борцов. Главный тренер "
        "сборной Аслан Шогенов, сын Петра Шогенова, не ожидал такого результата.\n"
        "«Четыре золота — огромная работа», — сказал Аслан Шогенов."
    )

    assert found == [
        ("Аслан", "Шогенов", "Главный тренер сборной", "Четыре золота — огромная работа")
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "Подписывая документ, Иван Петров сказал:",
        "Иван Петров, подписывая документ, сказал:",
    ],
)
def test_a_colon_lead_in_with_a_participle_clause_keeps_only_the_name(lead):
    found = quotes(f"Губернатор Иван Петров прибыл в Анадырь. {lead} «Рейсы будут круглый год».")

    assert found == [("Иван", "Петров", "Губернатор", "Рейсы будут круглый год")]


def test_a_colon_lead_in_whose_subject_is_a_pronoun_later_in_the_sentence():
    found = quotes(
        "Директор школы Анна Смирнова показала классы. На открытии она показала комнаты и "
        "сказала: «Половина учителей — молодые специалисты»."
    )

    assert [(first, last) for first, last, _, _ in found] == [("Анна", "Смирнова")]


@pytest.mark.parametrize(
    "text",
    [
        "По словам министра образования Гульназ Хайруллиной, «набор начнётся в феврале».",
        "«Дорогу зимой закрывают», — рассказала фельдшер Дарима Балданова.",
    ],
)
def test_a_name_the_dictionary_lacks_given_with_the_quote_raises_no_neighbour_doubt(text):
    """The preview warns «имя взято из соседних предложений» below 0.8; this name is in the
    quote's own sentence (the new person's card is confirmed by an editor anyway)."""
    story = recognise(parse_story("Лид материала.\n" + text))
    [quote] = [item for item in story.body if isinstance(item, Quote)]

    assert quote.confidence >= 0.8


def test_a_ministrys_short_name_is_matched_in_polynomial_steps():
    """A hostile title (many long words, a long short name that never fits) made the
    matching try every split: minutes of CPU for one paste. Each (word, letter) is tried once."""
    import sys

    from recognition import speakers

    title = "министр " + " ".join(["аааааааааааа"] * 10)
    calls = []

    def count(frame, event, arg):
        if event == "call" and frame.f_code.co_name == "spelled":
            calls.append(1)

    sys.setprofile(count)
    try:
        assert not speakers._minister_of(title, "а" * 27 + "бвг")
    finally:
        sys.setprofile(None)
    assert len(calls) <= (speakers.MINISTER_WORDS + 1) * (speakers.MINISTRY_LETTERS + 1)


def test_a_run_of_capitalised_words_is_not_read_back_for_a_title_at_each_word(monkeypatch):
    """Looking back for a title before every capitalised word that is no known first name
    made a paste of such runs nine times slower: only a word after a lower-case one or a place,
    and before a surname's ending, is looked at."""
    from recognition import names

    looked = []
    words_before = names._words_before
    monkeypatch.setattr(
        names,
        "_words_before",
        lambda text, start: looked.append(start) or words_before(text, start),
    )
    text = "Глава " + "Аб " * 200 + "Иван Петров. " + "Аб Вбова " * 100

    found = names.find_mentions(text)

    assert [(m.name.first, m.name.last) for m in found] == [("Иван", "Петров")]
    assert len(looked) <= 2
