"""Ulyanovsk oblast, the office's own subject by default: its 24 municipalities as regions, and
their centres in stories naming them and their subject."""

import datetime
import json

import pytest
from django.conf import settings as django_settings

from regions import gazetteer
from regions.loading import MUNICIPALITIES_DIR
from regions.models import Region
from regions.recognition import find_regions
from tests.factories import region

pytestmark = pytest.mark.django_db

DATA = json.loads((MUNICIPALITIES_DIR / "RU-ULY.json").read_text(encoding="utf-8"))
ROWS = DATA["municipalities"]
GAZETTEER = gazetteer.load()["municipalities"]
# Centres that name another place as well, so stories naming them tag nothing: Николаевка and
# Павловка are villages in many subjects, Новоспасское is also Glinka's estate in Smolensk oblast.
UNTAGGED_CENTRES = {"Николаевка", "Павловка", "Новоспасское"}


def test_the_office_is_ulyanovsk_oblast_by_default():
    assert django_settings.PRESS_OFFICE_REGION == "RU-ULY"
    assert "Ульяновской области" in django_settings.SITE_OWNER


def test_data_file_names_its_legal_source_date_and_uncertainty():
    assert DATA["subject"] == "RU-ULY"
    assert "section 73" in DATA["source"] and "Ульяновской области" in DATA["source"]
    datetime.date.fromisoformat(DATA["as_of"])
    assert "municipal okrugs" in DATA["uncertain"]
    forms = [row["form"] for row in ROWS]
    assert len(ROWS) == 24
    assert forms.count("городской округ") == 3
    assert forms.count("муниципальный район") == 21


def test_fresh_database_has_the_24_municipalities_below_the_subject():
    ulyanovsk_oblast = region("ulyanovskaya-oblast")
    below = Region.objects.municipalities().filter(parent=ulyanovsk_oblast)
    assert below.count() == 24
    assert list(below.order_by("position").values_list("slug", flat=True)) == [
        row["slug"] for row in ROWS
    ]
    barysh = region("baryshsky-rayon")
    assert (barysh.name, barysh.name_genitive) == ("Барышский район", "Барышского района")
    assert len(ulyanovsk_oblast.with_subjects()) == 25


@pytest.mark.parametrize("row", ROWS, ids=[row["slug"] for row in ROWS])
def test_a_centre_town_names_its_municipality_and_subject(row):
    """«Город X»: the nominative after a place word, as a context name needs it."""
    found = [found.slug for found in find_regions(f"Город {row['centre']} встретил гостей.")]
    if row["centre"] in UNTAGGED_CENTRES:
        assert row["centre"] not in GAZETTEER[row["slug"]]["names"]
        assert found == []
    elif row["slug"] == "melekessky-rayon":
        assert found == ["dimitrovgrad", "ulyanovskaya-oblast"]  # its centre is that okrug
    else:
        assert found == [row["slug"], "ulyanovskaya-oblast"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("В Ульяновске открыли школу.", ["ulyanovsk"]),
        ("Завод в Димитровграде расширят.", ["dimitrovgrad"]),
        ("Жители Новоульяновска получили парк.", ["novoulyanovsk"]),
        ("В Барышском районе отремонтировали дорогу.", ["baryshsky-rayon"]),
        ("Глава Старомайнского муниципального района доложил.", ["staromaynsky-rayon"]),
        ("В Старой Майне открыли причал.", ["staromaynsky-rayon"]),
        ("Ярмарка прошла в Ишеевке.", ["ulyanovsky-rayon"]),
        ("В Большом Нагаткине построят школу.", ["tsilninsky-rayon"]),
        ("В Мелекесском районе собрали урожай.", ["melekessky-rayon"]),
    ],
)
def test_stories_name_ulyanovsk_municipalities(text, expected):
    assert [found.slug for found in find_regions(text)] == [*expected, "ulyanovskaya-oblast"]


@pytest.mark.parametrize(
    "text",
    [
        "Кран дал команду «Майна» и опустил груз.",  # a word, not the town: a context name
        "В Павловском районе открыли школу.",  # several subjects have one
        "В Ульяновском районе Калужской области открыли школу.",
    ],
)
def test_names_that_are_not_ulyanovsk_municipalities(text):
    slugs = [found.slug for found in find_regions(text)]
    assert not set(slugs) & {row["slug"] for row in ROWS}
