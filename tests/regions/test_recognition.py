from pathlib import Path

import pytest
from django.conf import settings

from regions.models import Region
from regions.recognition import clear_cache, find_regions, with_districts

pytestmark = pytest.mark.django_db

SEED_STORY = Path(settings.BASE_DIR) / "demo" / "seed-article.txt"

ULY = "Ульяновская область"
TUL = "Тульская область"
PFO = "Приволжский федеральный округ"
CFO = "Центральный федеральный округ"
UGRA = "Ханты-Мансийский автономный округ — Югра"

CORPUS = [
    # The seed story's first paragraph: one plural head noun shared by two adjectives.
    (
        "Губернаторы Ульяновской и Тульской областей подписали соглашение о "
        "сотрудничестве, которое позволяет установить всесторонние связи.",
        [ULY, TUL],
    ),
    ("Совещание прошло в Тульской области.", [TUL]),
    ("Ульяновская область — сильный индустриальный регион.", [ULY]),
    ("Делегация побывала в Ульяновской области и Тульской области.", [ULY, TUL]),
    ("Тульскую область представлял вице-губернатор.", [TUL]),
    ("Тульской областью руководит губернатор.", [TUL]),
    ("ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ", [TUL]),
    ("Гости из Татарстана приехали на форум.", ["Республика Татарстан"]),
    ("Завод открыли в Республике Татарстан.", ["Республика Татарстан"]),
    ("Делегация республик Коми и Карелия.", ["Республика Коми", "Республика Карелия"]),
    ("Новости Москвы и Санкт-Петербурга.", ["Москва", "Санкт-Петербург"]),
    ("Вылет из Москвы задержали.", ["Москва"]),
    ("Сильный индустриальный регион ПФО.", [PFO]),
    ("Лидер Центрального федерального округа.", [CFO]),
    ("Предприятия Приволжского и Центрального федеральных округов.", [PFO, CFO]),
    ("Сотрудничество с ЦФО и СЗФО.", [CFO, "Северо-Западный федеральный округ"]),
    ("Нефтяники Югры отчитались.", [UGRA]),
    ("В Ханты-Мансийском автономном округе — Югре выпал снег.", [UGRA]),
    (
        "Ханты-Мансийского и Ямало-Ненецкого автономных округов.",
        [UGRA, "Ямало-Ненецкий автономный округ"],
    ),
    ("Выставка в Краснодарском крае.", ["Краснодарский край"]),
    ("Тульской, Калужской и Орловской областей.", [TUL, "Калужская область", "Орловская область"]),
    ("Угольщики Кузбасса.", ["Кемеровская область — Кузбасс"]),
    ("Из Донецкой Народной Республики.", ["Донецкая Народная Республика"]),
    ("Вуз Удмуртской Республики.", ["Удмуртская Республика"]),
    (
        "Кабардино-Балкарская Республика и Чечня.",
        ["Кабардино-Балкарская Республика", "Чеченская Республика"],
    ),
    ("Фестиваль в Еврейской автономной области.", ["Еврейская автономная область"]),
    ("Отдых в Крыму и Севастополе.", ["Республика Крым", "Севастополь"]),
    ("Гости из Республики Северная Осетия — Алания.", ["Республика Северная Осетия — Алания"]),
    ("Московская область и Москва.", ["Московская область", "Москва"]),
    # Traps: nothing or only the real region.
    ("В области образования много перемен.", []),
    ("Губернатор региона посетил области.", []),
    # A city names its subject (issue 14 reversed the old «a city is not its region»).
    ("Основными сферами сотрудничества с Тулой станут машиностроение.", ["Тула", TUL]),
    ("Делегация посетила предприятия Тулы.", ["Тула", TUL]),
    ("Ульяновск встретил гостей.", ["Ульяновск", ULY]),
    ("Сбор в 10:00 по московскому времени.", []),
    ("Начало в 12 часов по московское время.", []),
    ("Алексей Русских и Ольга Орловская выступили.", []),
    ("Журналист Иван Москвин и Пётр Крымов.", []),
    ("Центральный вход закрыт, федеральный округ не указан.", []),
    ("В числе партнёров Республика Беларусь, Китай и Казахстан.", []),
    ("Субъекты России и регионы страны.", []),
    ("Горный Алтай и народ коми.", []),
    (
        "Нижний Новгород принял гостей из Великого Новгорода.",
        ["Нижегородская область", "Новгородская область"],
    ),
    ("Футбольный клуб «Алания» выиграл.", []),
    ("Нижегородской и Новгородской областей.", ["Нижегородская область", "Новгородская область"]),
    ("Республики Алтай и Алтайского края.", ["Республика Алтай", "Алтайский край"]),
]


@pytest.mark.parametrize(("text", "expected"), CORPUS, ids=[text[:40] for text, _ in CORPUS])
def test_corpus(text, expected):
    assert [region.name for region in find_regions(text)] == expected


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 30


def test_seed_story_names_the_two_oblasts_and_their_districts():
    """And the city of Тула («с Тулой», «предприятиями Тулы»), a municipality of the office."""
    text = SEED_STORY.read_text(encoding="utf-8")
    assert [region.name for region in find_regions(text)] == [ULY, TUL, PFO, CFO, "Тула"]


def test_empty_text():
    assert find_regions("") == []
    assert find_regions(None) == []


def test_with_districts_puts_each_district_after_its_subject():
    regions = find_regions("Губернаторы Ульяновской и Тульской областей.")
    assert [region.name for region in with_districts(regions)] == [ULY, PFO, TUL, CFO]


def test_with_districts_has_no_duplicates():
    text = "Ульяновская область в ПФО, Самарская область, Тульская область."
    names = [region.name for region in with_districts(find_regions(text))]
    assert names == [ULY, PFO, "Самарская область", TUL, CFO]


def test_with_districts_keeps_districts_and_empty_input():
    assert with_districts([]) == []
    volga = Region.objects.get(short_name="ПФО")
    assert with_districts([volga]) == [volga]


def test_seed_story_with_districts():
    text = SEED_STORY.read_text(encoding="utf-8")
    names = [region.name for region in with_districts(find_regions(text))]
    assert names == [ULY, PFO, TUL, CFO, "Тула"]


def test_region_table_is_read_once(django_assert_max_num_queries):
    clear_cache()
    text = SEED_STORY.read_text(encoding="utf-8")
    with django_assert_max_num_queries(1):
        for _ in range(5):
            with_districts(find_regions(text))
            find_regions("Новости Москвы и Татарстана, ПФО.")
    with django_assert_max_num_queries(0):
        find_regions(text)
