"""Announcements for tests: a press conference tomorrow in Ulyanovsk unless told otherwise."""

import datetime

import factory
from django.utils import timezone

from events.models import Event


def tomorrow_at(hour, minute=0, days=1):
    """A moment in the office's time zone, ``days`` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Пресс-конференция номер {n} о бюджете области")
    starts_at = factory.LazyFunction(lambda: tomorrow_at(11))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    place = "Дом правительства, зал заседаний"
    address = "Ульяновск, площадь Ленина, 1"
    participants = "Министр финансов области, депутаты Законодательного собрания"

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.set(extracted)
