import pytest

from regions.models import Region

pytestmark = pytest.mark.django_db


def test_fresh_database_has_all_districts_and_subjects():
    assert Region.objects.districts().count() == 8
    assert Region.objects.subjects().count() == 89


def test_every_subject_belongs_to_a_district():
    assert not Region.objects.subjects().filter(parent__isnull=True).exists()
    assert not Region.objects.districts().filter(parent__isnull=False).exists()


def test_subject_has_genitive_code_and_readable_slug():
    tula = Region.objects.get(name="Тульская область")
    assert tula.name_genitive == "Тульской области"
    assert tula.code == "RU-TUL"
    assert tula.slug == "tulskaya-oblast"
    assert tula.parent.short_name == "ЦФО"
    ulyanovsk = Region.objects.get(code="RU-ULY")
    assert ulyanovsk.parent.name == "Приволжский федеральный округ"


def test_district_page_covers_its_subjects():
    volga = Region.objects.get(short_name="ПФО")
    ids = volga.with_subjects()
    assert volga.pk in ids
    assert Region.objects.get(slug="ulyanovskaya-oblast").pk in ids
    assert Region.objects.get(slug="tulskaya-oblast").pk not in ids
    assert len(ids) == 15 + 24  # the district, its 14 subjects, Ulyanovsk oblast's municipalities


def test_iso_codes_are_unique_and_well_formed():
    codes = list(Region.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 83
    assert all(code.startswith("RU-") and 2 <= len(code) - 3 <= 3 for code in codes)
