"""Demo announcements for ``manage.py load_demo``: two to come and one past with its report,
dated from the day they are loaded; loading again changes nothing."""

import datetime

from django.utils import timezone

from events.models import Event
from people.models import Person
from regions.models import Region

DEMO = [
    {
        "slug": "demo-premii-uchitelyam",
        "title": "Губернатор вручит премии лучшим учителям области",
        "days": 2, "hour": 11, "hours": 2,
        "place": "Дворец книги", "address": "Ульяновск, улица Ленина, 85",
        "participants": "Лауреаты премии, руководители школ и колледжей",
        "accreditation_required": True,
        "accreditation_note": "Заявки до 18:00 накануне по электронной почте пресс-службы.",
    },
    {
        "slug": "demo-sovet-po-investitsiyam",
        "title": "Заседание совета по инвестициям",
        "days": 5, "hour": 15, "hours": 3,
        "place": "Дом правительства, зал заседаний", "address": "Ульяновск, площадь Ленина, 1",
        "participants": "Члены правительства области, представители деловых объединений",
    },
    {
        "slug": "demo-forum-otkryty-region",
        "title": "Форум «Открытый регион»",
        "days": -3, "hour": 10, "hours": 6,
        "place": "Конгресс-холл «Ульяновск»", "address": "Ульяновск, Спасская улица, 6",
        "description": "Форум о сотрудничестве регионов Поволжья.",
    },
]  # fmt: skip


def load_demo_events(report=None):
    """The demo announcements that are missing; returns how many were created."""
    if Event.objects.filter(slug__in=[item["slug"] for item in DEMO]).exists():
        return 0
    today = timezone.localdate()
    region = Region.objects.filter(slug="ulyanovskaya-oblast").first()
    official = Person.objects.public().first()
    for item in DEMO:
        item = dict(item)
        day = today + datetime.timedelta(days=item.pop("days"))
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(item.pop("hour"))))
        event = Event.objects.create(
            starts_at=start, ends_at=start + datetime.timedelta(hours=item.pop("hours")),
            report=report if start < timezone.now() else None, **item,
        )  # fmt: skip
        if region is not None:
            event.regions.add(region)
        if official is not None and event.accreditation_required:
            event.people.add(official)
    return len(DEMO)
