"""Regions as stories name them: towns, informal names, adjectives, demonyms (issue 14)."""

import json

import pytest

from regions import gazetteer
from regions.recognition import find_regions, with_districts

pytestmark = pytest.mark.django_db

DATA = gazetteer.load()
REGIONS = json.loads((gazetteer.DATA_FILE.parent / "regions.json").read_text(encoding="utf-8"))
SUBJECT_KEYS = {row["code"] or row["slug"] for row in REGIONS if row["kind"] == "subject"}


def codes(text):
    return [region.code or region.slug for region in find_regions(text)]


def tagged(cases):
    return pytest.mark.parametrize(("text", "expected"), cases, ids=[text for text, _ in cases])


# Data sanity.


def test_every_subject_has_an_entry_and_every_key_is_a_subject():
    assert set(DATA["subjects"]) == SUBJECT_KEYS
    assert len(SUBJECT_KEYS) == 89


def test_every_subject_has_its_administrative_centre():
    assert all(subject["centre"].strip() for subject in DATA["subjects"].values())
    assert DATA["subjects"]["RU-ULY"]["centre"] == "Ульяновск"
    assert DATA["subjects"]["RU-LEN"]["centre"] == "Гатчина"


def test_no_name_or_word_belongs_to_two_subjects():
    owners = {}
    for key, subject in DATA["subjects"].items():
        for field in ("towns", "informal", "adjectives", "demonyms"):
            for name in subject[field] + ([subject["centre"]] if field == "towns" else []):
                owners.setdefault(name.lower().replace("ё", "е"), set()).add(key)
    shared = {name: keys for name, keys in owners.items() if len(keys) > 1}
    assert shared == {}


def test_ambiguous_names_are_nobody_s_and_name_real_subjects():
    names = {
        name
        for subject in DATA["subjects"].values()
        for name in [subject["centre"], *subject["towns"], *subject["informal"]]
    }
    assert not names & set(DATA["ambiguous"])
    for keys in DATA["ambiguous"].values():
        assert set(keys) <= SUBJECT_KEYS


def test_context_names_are_names_of_the_gazetteer():
    names = {
        name
        for subject in DATA["subjects"].values()
        for name in [subject["centre"], *subject["towns"], *subject["informal"]]
    }
    names |= {name for entry in DATA["municipalities"].values() for name in entry["names"]}
    assert set(DATA["context"]) <= names


def test_the_data_is_large_enough():
    subjects = DATA["subjects"].values()
    assert sum(len(subject["towns"]) for subject in subjects) >= 200
    assert sum(len(subject["informal"]) for subject in subjects) >= 40
    assert sum(len(subject["demonyms"]) for subject in subjects) >= 100


# Rule 1: towns and informal names in any case.


@tagged(
    [
        ("Совещание прошло в Туле.", ["tula", "RU-TUL"]),  # a municipality
        ("Губернатор побывал на Сахалине.", ["RU-SAK"]),
        ("Гости из Подмосковья и с Кубани.", ["RU-MOS", "RU-KDA"]),
        ("Угольщики Кузбасса не отдыхают, в Кузбассе тоже.", ["RU-KEM"]),
        ("Завод открыли в Димитровграде.", ["dimitrovgrad", "RU-ULY"]),  # a municipality
        ("В Оренбуржье и Прикамье выпал снег.", ["RU-ORE", "RU-PER"]),
        (
            "Ставрополье, Забайкалье, Зауралье, Поморье, Белогорье.",
            [
                "RU-STA",
                "RU-ZAB",
                "RU-KGN",
                "RU-ARK",
                "RU-BEL",
            ],
        ),  # fmt: skip
        ("Нефтяники Югры и газовики Ямала.", ["RU-KHM", "RU-YAN"]),
        ("В Набережных Челнах и Нижнекамске.", ["RU-TA"]),
        ("Делегация из Ростова-на-Дону.", ["RU-ROS"]),
        ("В Каменске-Уральском и Петропавловске-Камчатском.", ["RU-SVE", "RU-KAM"]),
        ("Рейс до Южно-Сахалинска.", ["RU-SAK"]),
        ("В Нижнем Тагиле и Старом Осколе.", ["RU-SVE", "RU-BEL"]),
        ("Новости Ростова Великого.", ["RU-YAR"]),
        ("В Пушкино открыли школу.", ["RU-MOS"]),
        ("Форум в Мелитополе.", ["zaporozhskaya-oblast"]),
        ("Миляев посетил Алексин и Новомосковск.", ["aleksin", "RU-TUL", "novomoskovsk"]),
        ("Запуск производства в Новочебоксарске.", ["RU-CU"]),
        ("Жители Петербурга и Питера.", ["RU-SPE"]),
        # Traps: the same letters, another word.
        ("Рост цен замедлился.", []),
        ("Иванов заявил о планах.", []),
        ("Королева Великобритании приехала.", []),
        ("Азы профессии.", []),
        ("Нижний ярус и набережные реки.", []),
        ("на сахалине", []),
    ]
)
def test_towns_and_informal_names(text, expected):
    assert codes(text) == expected


# Rules 2 and 3: people, and names that are also ordinary words.


@tagged(
    [
        ("Сергей Королёв сконструировал ракету.", []),
        ("Форум прошёл в Королёве.", ["RU-MOS"]),
        ("Орёл парит над полем.", []),
        ("Делегация прибыла в Орёл.", ["RU-ORL"]),
        ("Из Орла выехал автобус.", ["RU-ORL"]),
        ("Антон Чехов писал рассказы.", []),
        ("Чехов писал рассказы.", []),
        ("В Чехове открыли школу.", ["RU-MOS"]),
        ("Город Пушкин встречает гостей.", ["RU-SPE"]),
        ("Пушкин — наше всё.", []),
        ("Владимир Путин провёл совещание.", []),
        ("Делегация из Владимира Путина не застала.", []),
        ("Во Владимире открыли завод.", ["RU-VLA"]),
        ("Находка года — новый сорт яблок.", []),
        ("В Находке открыли порт.", ["RU-PRI"]),
        ("Иван Грозный правил.", []),
        ("В Грозном открыли мечеть.", ["RU-CE"]),
        ("Белая калитва у дома.", []),
        ("В Белой Калитве открыли школу.", ["RU-ROS"]),
        ("Питер Джексон снял фильм.", []),
        ("Поездка в Питер.", ["RU-SPE"]),
        ("Салават Юлаев — герой.", []),
        ("Волжский автозавод выпустил машину.", []),
        ("Город Волжский встречает гостей.", ["RU-VGG"]),
        ("Красный луч лазера.", []),
        ("В Красном Луче открыли школу.", ["luganskaya-narodnaya-respublika"]),
        ("Лермонтов написал «Героя нашего времени».", []),
        ("В Лермонтове построят школу.", ["RU-STA"]),
        ("Шахты закрыли.", []),
        ("Узловая станция закрыта.", []),
        ("Стаханов — ударник.", []),
        ("В Шахтах открыли школу.", ["RU-ROS"]),
        ("Сергей Киров.", []),
        ("В Кирове открыли школу.", ["RU-KIR"]),
        ("Губернатор Иванова рассказал.", []),
        ("В Иваново прошёл форум.", ["RU-IVA"]),
    ]
)
def test_people_and_ordinary_words_need_a_place_context(text, expected):
    assert codes(text) == expected


# Rule 4: ambiguous names.


@tagged(
    [
        ("Завод в Железногорске.", []),
        ("Жители Кировска.", []),
        ("В Мирном и Октябрьском.", []),
        ("В Троицке и Заречном.", []),
        ("Новгород встречает гостей.", []),
        ("В Пушкине открыли школу.", []),  # Пушкин (Петербург) or Пушкино (Подмосковье)
        ("В Дзержинском открыли школу.", []),  # Дзержинский or Дзержинск
        ("В Дзержинске открыли школу.", ["RU-NIZ"]),
        ("В Волжском открыли школу.", []),  # Волжский (Волгоградская) or Волжск (Марий Эл)
        ("Горный Алтай и Урал.", []),
    ]
)
def test_ambiguous_names_tag_nothing(text, expected):
    assert codes(text) == expected


# Rule 5: adjectives and demonyms.


@tagged(
    [
        ("Брянский губернатор провёл приём.", ["RU-BRY"]),
        ("Встреча брянского губернатора с аграриями.", ["RU-BRY"]),
        ("Туляки победили, туляков поздравили.", ["RU-TUL"]),
        ("Ульяновцам вручили награды.", ["RU-ULY"]),
        ("Нижегородцы и кузбассовцы приехали.", ["RU-NIZ", "RU-KEM"]),
        ("Тульские школьники и кубанские аграрии.", ["RU-TUL", "RU-KDA"]),
        ("ТУЛЬСКИЕ ШКОЛЬНИКИ ПОБЕДИЛИ.", ["RU-TUL"]),
        ("Москвичи голосуют, московские школы открылись.", ["RU-MOW"]),
        ("Экспорт подмосковных предприятий вырос.", ["RU-MOS"]),
        ("«Тульский пряник» — бренд.", ["RU-TUL"]),
        (
            "Пермяки, омичи, томичи, иркутяне, якутяне.",
            [
                "RU-PER",
                "RU-OMS",
                "RU-TOM",
                "RU-IRK",
                "RU-SA",
            ],
        ),  # fmt: skip
        # Traps.
        ("Сбор по московскому времени.", []),
        ("На Казанском вокзале и Тверском бульваре.", []),
        ("Встреча на казанском вокзале.", []),
        ("Ольга Орловская выступила.", []),
        ("Автомобиль Москвич выпущен.", []),
        ("Орловские рысаки и пермский период.", []),
        # A flight named by where it goes is a route, not the region.
        ("Новосибирский рейс ждали давно.", []),
    ]
)
def test_adjectives_and_demonyms(text, expected):
    assert codes(text) == expected


# Rule 6: Москва as the federal centre.


@tagged(
    [
        ("Отношения Татарстана и Москвы обсудили.", ["RU-TA"]),
        ("Москва выделила деньги.", []),
        ("Москва уже выделила средства региону.", []),
        ("Москва не поддержала инициативу.", []),
        ("Договорились с Москвой о субсидиях.", []),
        ("Без решения Москвы стройка не начнётся.", []),
        ("Мост построят при поддержке Москвы.", []),
        ("Мы конкурируем за врачей с Москвой.", []),
        ("Федеральный центр выделил деньги.", []),
        ("В Москве прошло совещание.", ["RU-MOW"]),
        ("Из Москвы выделила деньги компания.", ["RU-MOW"]),
        ("Мэр Москвы выступил.", ["RU-MOW"]),
        ("Москва встретила гостей.", ["RU-MOW"]),
        ("Новости Москвы и Санкт-Петербурга.", ["RU-MOW", "RU-SPE"]),
    ]
)
def test_moscow_as_the_federal_centre_is_not_the_city(text, expected):
    assert codes(text) == expected


# A story.

STORY = """Кубанские аграрии собрали рекордный урожай

В Краснодаре подвели итоги сезона. Губернатор Кубани Вениамин Кондратьев поблагодарил
аграриев: хозяйства края собрали больше 12 миллионов тонн зерна.

– Москва выделила дополнительные субсидии, и мы направим их на технику, – сказал он.

Опытом поделились и соседи: делегация из Ставрополья побывала на полях под Армавиром,
а ростовчане пригласили коллег на выставку в Ростов-на-Дону. Антон Чехов, агроном из
Сочи, рассказал о новых сортах. В Москве продукцию края покажут на выставке.
"""


def test_a_story_in_the_agency_style():
    assert codes(STORY) == ["RU-KDA", "RU-STA", "RU-ROS", "RU-MOW"]


def test_a_story_with_districts():
    names = [region.name for region in with_districts(find_regions(STORY))]
    assert names[:2] == ["Краснодарский край", "Южный федеральный округ"]
    assert "Северо-Кавказский федеральный округ" in names


def test_a_story_without_regions():
    story = "Орёл парит над Волгой. Сергей Королёв и Антон Чехов — великие люди. Находка!"
    assert codes(story) == []


# Sentence starts: where a capitalised adjective or demonym counts (rule 5).


@tagged(
    [
        ("Итоги года\n«Брянские» школы лучшие.", ["RU-BRY"]),
        ("Он сказал. – Туляки молодцы.", ["RU-TUL"]),
        ("Выступила Курская, за ней Туляков.", []),
    ]
)
def test_capitalised_words_count_only_at_a_sentence_start(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ВЛАДИМИР, 5 декабря. Собор открыли после реставрации.", ["Владимирская область"]),
        ("Заголовок. Орёл. 3 мая. Парк открыли.", ["Орловская область"]),
        ("НАХОДКА, 4 декабря 2026 года. Порт принял судно.", ["Приморский край"]),
        # Not a dateline: a name, a bird, a number of things.
        ("Владимир, 5 декабря вы выступаете?", []),
        ("ОРЁЛ, 5 птиц и сокол.", []),
    ],
)
def test_a_dateline_names_its_town_even_when_the_name_is_also_a_word(text, found):
    assert [region.name for region in find_regions(text)] == found
