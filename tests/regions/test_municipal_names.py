"""How stories name the office's municipalities, and what «Вставить текст» makes of it."""

import json

import pytest

from recognition.management.commands.eval_paste import recognise
from recognition.paste import build_preview
from recognition.paste_eval import Story
from regions import gazetteer
from regions.loading import municipality_files
from regions.recognition import find_regions, with_districts

pytestmark = pytest.mark.django_db

DATA = gazetteer.load()
ROWS = [
    row
    for path in municipality_files()
    for row in json.loads(path.read_text(encoding="utf-8"))["municipalities"]
]


def fold(name):
    return name.lower().replace("ё", "е")


def slugs(text):
    return [region.slug for region in find_regions(text)]


def tagged(cases):
    return pytest.mark.parametrize(("text", "expected"), cases, ids=[text for text, _ in cases])


# The data.


def test_every_municipality_has_a_gazetteer_entry_with_its_centre():
    assert set(DATA["municipalities"]) == {row["slug"] for row in ROWS}
    for row in ROWS:
        assert DATA["municipalities"][row["slug"]]["centre"] == row["centre"]


def test_no_municipal_name_belongs_to_another_region():
    """A name is a municipality's only where no other subject or municipality has it: Дубна is
    Moscow oblast's town, Архангельское and Куркино name places elsewhere, so neither is
    Tula oblast's here; «Каменский район» exists in several subjects."""
    with_files = {json.loads(path.read_text(encoding="utf-8"))["subject"]
                  for path in municipality_files()}  # fmt: skip
    others = {
        fold(name): key
        for key, subject in DATA["subjects"].items()
        if key not in with_files  # a subject's own towns become its municipalities' names
        for name in [subject["centre"], *subject["towns"], *subject["informal"]]
    }
    owners = {}
    for key, entry in DATA["municipalities"].items():
        for name in entry["names"]:
            assert fold(name) not in others, name
            assert name not in DATA["ambiguous"], name
            owners.setdefault(fold(name), set()).add(key)
    assert {name: keys for name, keys in owners.items() if len(keys) > 1} == {}
    entries = DATA["municipalities"].values()
    unmatched = {entry["centre"] for entry in entries if entry["centre"] not in entry["names"]}
    assert {"Дубна", "Архангельское", "Куркино"} <= unmatched


# Recognition: a municipality names its subject with it.


@tagged(
    [
        ("В Щёкинском районе открыли школу.", ["schekinsky-rayon", "tulskaya-oblast"]),
        ("Дорогу в Щёкине отремонтировали.", ["schekinsky-rayon", "tulskaya-oblast"]),
        ("Глава Тёпло-Огарёвского района доложил.", ["teplo-ogarevsky-rayon", "tulskaya-oblast"]),
        ("В Заокском муниципальном округе", ["zaoksky-rayon", "tulskaya-oblast"]),
        ("Жители Богородицка", ["bogoroditsky-rayon", "tulskaya-oblast"]),
        ("в Туле прошёл форум", ["tula", "tulskaya-oblast"]),  # was the subject's centre
        ("Новомосковск принял гостей.", ["novomoskovsk", "tulskaya-oblast"]),
        ("в Ефремове открыли", ["efremov", "tulskaya-oblast"]),
        ("В Узловой построят вокзал.", ["uzlovsky-rayon", "tulskaya-oblast"]),
    ]
)
def test_a_municipality_and_its_centre_name_it_and_its_subject(text, expected):
    assert slugs(text) == expected


@tagged(
    [
        ("Сергей Ефремов выступил.", []),  # a surname: a context name needs a place word
        ("Полководец Суворов победил.", []),
        ("в Донском монастыре", []),  # Донской is not matched bare
        ("Узловая станция работает.", []),
        ("в Арсеньеве открыли завод", ["primorsky-kray"]),  # Приморье's, not Арсеньево
        ("наукоград Дубна", ["moskovskaya-oblast"]),  # Moscow oblast keeps its town
        ("в Каменском районе", []),  # one in several subjects
    ]
)
def test_names_that_are_not_the_office_s_municipalities(text, expected):
    assert slugs(text) == expected


def test_a_municipality_brings_its_subject_and_district():
    regions = with_districts(find_regions("В Плавске открыли парк."))
    assert [region.slug for region in regions] == [
        "plavsky-rayon", "tulskaya-oblast", "tsentralny-federalny-okrug",
    ]  # fmt: skip


def test_paste_preview_offers_the_municipality_with_its_subject():
    story = "Парк открыли в Щёкинском районе\nЖители Щёкина получили новый парк у реки.\n"
    preview = build_preview(story, title="")
    assert [region.slug for region in preview.regions] == [
        "schekinsky-rayon", "tulskaya-oblast", "tsentralny-federalny-okrug",
    ]  # fmt: skip


def test_the_evaluation_scores_a_municipality_as_its_subject():
    """Labels name subjects (ISO codes) and districts: a municipality must neither count as a
    wrong region nor hide a wrong subject as «implied»."""
    story = Story(name="t", title="Парк открыли в Щёкинском районе",
                  text="Жители Щёкина получили парк.\nВ парке посадили липы и клёны.\n",
                  quotes=[], regions={"RU-TUL"})  # fmt: skip
    _, keys, implied, _ = recognise(story)
    assert keys == ["RU-TUL", "tsentralny-federalny-okrug"]
    assert implied == {"tsentralny-federalny-okrug"}
