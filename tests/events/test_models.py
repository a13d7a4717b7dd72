import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import END_BEFORE_START, Event
from tests.events.helpers import EventFactory, tomorrow_at
from tests.factories import region

pytestmark = pytest.mark.django_db


def test_an_end_before_the_start_is_refused_with_a_russian_message():
    event = EventFactory.build(starts_at=tomorrow_at(12), ends_at=tomorrow_at(11))
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert refused.value.message_dict["ends_at"] == [END_BEFORE_START]
    assert END_BEFORE_START == "Окончание не может быть раньше начала."


def test_the_database_refuses_an_end_before_the_start_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(starts_at=tomorrow_at(12), ends_at=tomorrow_at(11))
    assert not Event.objects.exists()


def test_an_event_may_end_when_it_starts():
    event = EventFactory.build(starts_at=tomorrow_at(12), ends_at=tomorrow_at(12))
    event.full_clean(exclude=["slug"])


def test_slug_is_transliterated_and_unique():
    first = EventFactory(title="Губернатор вручит премии")
    second = EventFactory(title="Губернатор вручит премии")
    assert first.slug == "gubernator-vruchit-premii"
    assert second.slug == "gubernator-vruchit-premii-2"


def test_every_save_raises_the_sequence_and_keeps_the_uid():
    event = EventFactory()
    uid = event.uid
    assert event.sequence == 0
    event.place = "Ледовый дворец"
    event.save()
    event.refresh_from_db()
    assert (event.sequence, event.uid) == (1, uid)


def test_upcoming_holds_what_has_not_ended_soonest_first_and_past_the_rest_latest_first():
    now = datetime.datetime.now(datetime.UTC)
    going_on = EventFactory(starts_at=now - datetime.timedelta(hours=1),
                            ends_at=now + datetime.timedelta(hours=1))  # fmt: skip
    later = EventFactory(starts_at=tomorrow_at(15, days=3))
    sooner = EventFactory(starts_at=tomorrow_at(10))
    over = EventFactory(
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=1),
    )
    long_over = EventFactory(starts_at=now - datetime.timedelta(days=9),
                             ends_at=now - datetime.timedelta(days=8))  # fmt: skip
    assert list(Event.objects.upcoming()) == [going_on, sooner, later]
    assert list(Event.objects.past()) == [over, long_over]
    assert going_on.is_on and not going_on.is_over and over.is_over


def test_a_district_has_the_events_of_its_subjects():
    ulyanovsk = EventFactory(regions=[region("ulyanovskaya-oblast")])
    tula = EventFactory(regions=[region("tulskaya-oblast")])
    district = region("privolzhsky-federalny-okrug")
    assert list(Event.objects.in_region(district)) == [ulyanovsk]
    assert list(Event.objects.in_region(region("tulskaya-oblast"))) == [tula]


def test_location_joins_place_and_address():
    assert EventFactory.build(place="Кремль", address="").location == "Кремль"
    assert EventFactory.build(place="Кремль", address="Тула").location == "Кремль, Тула"
