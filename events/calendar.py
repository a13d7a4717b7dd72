"""Announcements as an iCalendar feed (RFC 5545), built with the ``icalendar`` library.

Times are given in the office's time zone with its TZID and the VTIMEZONE that RFC 5545 requires
beside it; DTSTAMP is when the announcement was last changed (the RFC's meaning for a calendar
published without METHOD), so an unchanged calendar is byte for byte the same and its ETag holds.
"""

import datetime
import uuid

import icalendar
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from people.models import Person

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Calendar programs that honour it fetch a subscription again this often.
REFRESH = datetime.timedelta(hours=1)


def _description(event, request):
    parts = [event.description.strip()]
    if event.participants.strip():
        parts.append("Участники: " + event.participants.strip())
    names = [person.short_name for person in event.people.all()]
    if names:
        parts.append("Должностные лица: " + ", ".join(names))
    if event.accreditation_required:
        parts.append(" ".join(["Для СМИ: нужна аккредитация.", event.accreditation_note.strip()]))
    report = event.public_report
    if report is not None:
        parts.append("Материал о событии: " + request.build_absolute_uri(report.get_absolute_url()))
    return "\n\n".join(part.strip() for part in parts if part.strip())


def vevent(event, *, request, zone):
    return icalendar.Event.new(
        uid=str(event.uid),
        summary=event.title,
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        stamp=event.updated_at.astimezone(datetime.UTC),
        last_modified=event.updated_at.astimezone(datetime.UTC),
        created=event.created_at.astimezone(datetime.UTC),
        sequence=event.sequence,
        location=event.location,
        url=request.build_absolute_uri(event.get_absolute_url()),
        description=_description(event, request) or None,
        categories=[region.name for region in event.regions.all()],
    )


def build(events, *, request, region=None):
    """The calendar of ``events`` (a queryset with ``for_lists()``'s relations) as bytes."""
    zone = timezone.get_default_timezone()
    name = f"Анонсы — {settings.SITE_SHORT_NAME}"
    if region is not None:
        name = f"Анонсы: {region.name} — {settings.SITE_SHORT_NAME}"
    address = request.build_absolute_uri()
    calendar = icalendar.Calendar.new(
        prodid=f"-//{settings.SITE_SHORT_NAME}//Анонсы//RU",
        name=name,
        description=f"Анонсы событий: {settings.SITE_NAME}",
        # A stable identity for the calendar itself: the same address, the same calendar.
        uid=uuid.uuid5(uuid.NAMESPACE_URL, address),
        source=address,
        refresh_interval=REFRESH,
    )
    calendar.add("X-WR-TIMEZONE", zone.key)
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    # The zone every DTSTART and DTEND names; always there, so that even a calendar with no
    # events yet holds the one component RFC 5545 asks of every calendar.
    calendar.add_component(icalendar.Timezone.from_tzid(zone.key))
    for event in events.prefetch_related(Prefetch("people", queryset=Person.objects.public())):
        calendar.add_component(vevent(event, request=request, zone=zone))
    return calendar.to_ical()
