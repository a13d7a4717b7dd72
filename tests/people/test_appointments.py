import datetime

import pytest
from django.core.exceptions import ValidationError

from people.titles import acting_title
from tests.factories import AppointmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def governor():
    """Acting governor, then governor; then a second post after leaving."""
    person = PersonFactory(last_name="Миляев", first_name="Дмитрий")
    AppointmentFactory(person=person, starts_on=D(2021, 10, 7), ends_on=D(2022, 9, 22), acting=True)
    AppointmentFactory(person=person, starts_on=D(2022, 9, 23), ends_on=D(2026, 9, 30))
    AppointmentFactory(
        person=person, title="Сенатор Российской Федерации", starts_on=D(2026, 10, 1)
    )
    return person


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (D(2021, 10, 6), ""),
        (D(2021, 10, 7), "Врио губернатора Тульской области"),
        (D(2022, 9, 22), "Врио губернатора Тульской области"),
        (D(2022, 9, 23), "Губернатор Тульской области"),
        (D(2026, 9, 30), "Губернатор Тульской области"),
        (D(2026, 10, 1), "Сенатор Российской Федерации"),
        (D(2040, 1, 1), "Сенатор Российской Федерации"),
    ],
)
def test_title_on_is_right_on_first_and_last_days(governor, date, expected):
    assert governor.title_on(date) == expected


def test_title_on_accepts_an_aware_datetime_in_the_site_time_zone(governor):
    from django.utils import timezone

    # 23:30 on 22 September in Ulyanovsk (UTC+4) is already the 23rd there, not in UTC.
    moment = timezone.make_aware(datetime.datetime(2022, 9, 22, 21, 30), datetime.UTC)
    assert governor.title_on(moment) == "Губернатор Тульской области"


def test_with_two_posts_at_once_the_latest_started_wins():
    person = PersonFactory()
    AppointmentFactory(person=person, title="Министр промышленности", starts_on=D(2020, 1, 1))
    AppointmentFactory(person=person, title="Первый заместитель председателя правительства",
                       starts_on=D(2023, 5, 1))  # fmt: skip
    assert person.title_on(D(2023, 4, 30)) == "Министр промышленности"
    assert person.title_on(D(2023, 5, 1)) == "Первый заместитель председателя правительства"


def test_overlapping_appointment_to_the_same_title_is_refused():
    existing = AppointmentFactory(starts_on=D(2020, 1, 1), ends_on=D(2020, 12, 31))
    clash = AppointmentFactory.build(
        person=existing.person, title="губернатор тульской области ", starts_on=D(2020, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "пересекается" in str(error.value)


def test_adjacent_appointments_to_the_same_title_are_allowed():
    existing = AppointmentFactory(starts_on=D(2020, 1, 1), ends_on=D(2020, 12, 31))
    following = AppointmentFactory.build(person=existing.person, starts_on=D(2021, 1, 1))
    following.full_clean()


def test_open_ended_appointment_overlaps_everything_after_it():
    existing = AppointmentFactory(starts_on=D(2020, 1, 1))
    later = AppointmentFactory.build(
        person=existing.person, starts_on=D(2030, 1, 1), ends_on=D(2031, 1, 1)
    )
    with pytest.raises(ValidationError):
        later.full_clean()


def test_same_dates_to_another_title_are_allowed():
    existing = AppointmentFactory(starts_on=D(2020, 1, 1))
    AppointmentFactory.build(
        person=existing.person, title="Секретарь регионального отделения", starts_on=D(2020, 1, 1)
    ).full_clean()


def test_end_before_start_is_refused_with_a_message():
    bad = AppointmentFactory.build(person=PersonFactory(), starts_on=D(2022, 1, 2),
                                   ends_on=D(2022, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "раньше даты начала" in str(error.value)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Губернатор Тульской области", "Врио губернатора Тульской области"),
        ("Министр здравоохранения Ульяновской области",
         "Врио министра здравоохранения Ульяновской области"),
        ("Первый заместитель председателя правительства",
         "Врио первого заместителя председателя правительства"),
        ("Исполнительный директор Центра компетенций",
         "Врио исполнительного директора Центра компетенций"),
    ],
)  # fmt: skip
def test_acting_title_puts_the_head_of_the_title_in_the_genitive(title, expected):
    assert acting_title(title) == expected


def test_display_name_is_house_style():
    person = PersonFactory.build(first_name="Алексей", last_name="Русских")
    assert person.display_name == "Алексей РУССКИХ"


def test_person_slug_is_transliterated_and_unique():
    first = PersonFactory(first_name="Наталья", last_name="Артемьева")
    second = PersonFactory(first_name="Наталья", last_name="Артемьева")
    assert first.slug == "natalya-artemyeva"
    assert second.slug == "natalya-artemyeva-2"
