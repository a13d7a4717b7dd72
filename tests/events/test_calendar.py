"""The .ics calendars, parsed back with icalendar and held to RFC 5545's basics."""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone

from events.models import Event
from tests.events.helpers import EventFactory, tomorrow_at
from tests.factories import ArticleFactory, PersonFactory, region

pytestmark = pytest.mark.django_db

ALL = "/events/calendar.ics"
DISTRICT = "privolzhsky-federalny-okrug"


def fetch(client, url=ALL):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def parse(body):
    calendar = icalendar.Calendar.from_ical(body)
    calendar.validate()  # the library's own check of required properties and components
    return calendar


def events_of(calendar):
    return {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}


@pytest.fixture
def press_conference():
    return EventFactory(
        title="Пресс-конференция губернатора по итогам года — аккредитация обязательна, "
        "вопросы принимаются заранее",
        starts_at=tomorrow_at(11), ends_at=tomorrow_at(13, 30),
        place="Дом правительства, зал заседаний", address="Ульяновск, площадь Ленина, 1",
        description="Итоги года; планы на следующий.",
        participants="Губернатор; главы муниципальных образований",
        people=[PersonFactory(last_name="Русских", first_name="Алексей")],
        accreditation_required=True, accreditation_note="Заявки до пятницы.",
        regions=[region("ulyanovskaya-oblast")],
    )  # fmt: skip


def test_content_lines_end_in_crlf_and_are_folded_at_75_octets(client, press_conference):
    body = fetch(client)
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long title was folded
    for line in lines:  # folding never splits a character: every line is valid UTF-8
        line.decode("utf-8")


def test_the_calendar_has_version_prodid_and_a_vtimezone_for_every_tzid(client, press_conference):
    calendar = parse(fetch(client))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//")
    assert "Анонсы" in str(calendar["X-WR-CALNAME"])
    tzids = {str(component["DTSTART"].params["TZID"]) for component in calendar.walk("VEVENT")}
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert tzids == {"Europe/Ulyanovsk"} and tzids <= zones
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=1)
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in fetch(client)


def test_an_event_carries_its_times_place_link_and_description(client, press_conference):
    vevent = events_of(parse(fetch(client)))[press_conference.title]
    assert vevent["DTSTART"].dt == press_conference.starts_at
    assert vevent["DTEND"].dt == press_conference.ends_at
    assert vevent["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=4)  # Ulyanovsk
    assert (
        str(vevent["LOCATION"]) == "Дом правительства, зал заседаний, Ульяновск, площадь Ленина, 1"
    )
    assert str(vevent["URL"]) == "http://testserver" + press_conference.get_absolute_url()
    description = str(vevent["DESCRIPTION"])
    assert "Итоги года; планы на следующий." in description
    assert "Участники: Губернатор; главы муниципальных образований" in description
    assert "Должностные лица: Алексей Русских" in description
    assert "Для СМИ: нужна аккредитация. Заявки до пятницы." in description
    assert list(vevent["CATEGORIES"].cats) == ["Ульяновская область"]


def test_dtstamp_is_utc_and_is_when_the_announcement_last_changed(client, press_conference):
    body = fetch(client).decode()
    assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z\r$", body, re.MULTILINE)
    vevent = events_of(parse(body.encode()))[press_conference.title]
    stamp = vevent["DTSTAMP"].dt
    assert stamp.utcoffset() == datetime.timedelta(0)
    assert stamp == press_conference.updated_at.replace(microsecond=0)


def test_uids_are_stable_unique_and_survive_an_edit(client, press_conference):
    other = EventFactory(title="Заседание правительства")
    first = {name: str(c["UID"]) for name, c in events_of(parse(fetch(client))).items()}
    assert len(set(first.values())) == 2
    assert fetch(client) == fetch(client)  # nothing changed: byte for byte the same
    press_conference.place = "Ленинский мемориал"
    press_conference.save()
    again = events_of(parse(fetch(client)))
    assert {name: str(c["UID"]) for name, c in again.items()} == first
    assert again[press_conference.title]["SEQUENCE"] == 1
    assert again[other.title]["SEQUENCE"] == 0


def test_past_events_stay_in_the_calendar(client):
    start = timezone.now() - datetime.timedelta(days=3)
    EventFactory(title="Прошедший форум", starts_at=start,
                 ends_at=start + datetime.timedelta(hours=3))  # fmt: skip
    assert "Прошедший форум" in events_of(parse(fetch(client)))


def test_the_report_is_in_the_description_once_public(client, press_conference):
    report = ArticleFactory(title="Итоги года подведены")
    press_conference.report = report
    press_conference.save()
    vevent = events_of(parse(fetch(client)))[press_conference.title]
    assert "http://testserver" + report.get_absolute_url() in str(vevent["DESCRIPTION"])


def test_a_region_calendar_has_its_own_and_its_subjects_events_only(client, press_conference):
    EventFactory(title="Событие в Туле", regions=[region("tulskaya-oblast")])
    EventFactory(title="Событие без региона")
    district = events_of(parse(fetch(client, f"/events/regions/{DISTRICT}/calendar.ics")))
    assert set(district) == {press_conference.title}
    tula = parse(fetch(client, "/events/regions/tulskaya-oblast/calendar.ics"))
    assert set(events_of(tula)) == {"Событие в Туле"}
    assert "Тульская область" in str(tula["X-WR-CALNAME"])
    assert set(events_of(parse(fetch(client)))) == {
        press_conference.title, "Событие в Туле", "Событие без региона",
    }  # fmt: skip


def test_an_empty_calendar_is_still_a_valid_calendar(client):
    assert not Event.objects.exists()
    calendar = parse(fetch(client))
    assert calendar.walk("VEVENT") == []
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Ulyanovsk"]


def test_an_unknown_region_has_no_calendar(client):
    assert client.get("/events/regions/net-takogo/calendar.ics").status_code == 404
