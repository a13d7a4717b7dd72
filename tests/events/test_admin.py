"""Announcements in the admin: editors manage them, authors only look, others never see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from pressoffice.roles import AUTHORS, MODERATORS
from tests.events.helpers import EventFactory, tomorrow_at
from tests.factories import ArticleFactory, client_for, region, staff_member

pytestmark = pytest.mark.django_db

ADD = reverse("admin:events_event_add")
LIST = reverse("admin:events_event_changelist")


def form(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=3)
    data = {
        "title": "Губернатор встретится с выпускниками",
        "slug": "",
        "starts_at_0": f"{day:%d.%m.%Y}",
        "starts_at_1": "10:00:00",
        "ends_at_0": f"{day:%d.%m.%Y}",
        "ends_at_1": "12:00:00",
        "place": "Дворец творчества детей и молодёжи",
        "address": "Ульяновск, улица Минаева, 50",
        "description": "",
        "participants": "Губернатор, выпускники школ",
        "accreditation_required": "on",
        "accreditation_note": "Заявки до среды.",
        "regions": [region("ulyanovskaya-oblast").pk],
        "report": "",
    }
    data.update(overrides)
    return data


def test_an_editor_adds_an_announcement_in_the_office_time_zone(editor_client):
    assert editor_client.get(LIST).status_code == 200
    assert editor_client.get(ADD).status_code == 200
    response = editor_client.post(ADD, form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert timezone.localtime(event.starts_at).hour == 10
    assert event.starts_at.utcoffset() is not None
    assert event.starts_at.astimezone(datetime.UTC).hour == 6  # Ulyanovsk is UTC+4
    assert event.accreditation_required and event.slug == "gubernator-vstretitsya-s-vypusknikami"
    assert list(event.regions.all()) == [region("ulyanovskaya-oblast")]


def test_an_end_before_the_start_is_refused_in_russian_and_nothing_is_saved(editor_client):
    response = editor_client.post(ADD, form(ends_at_1="09:00:00"))
    assert response.status_code == 200
    assert "Окончание не может быть раньше начала." in response.text
    assert not Event.objects.exists()


def test_an_editor_links_the_report_afterwards(editor_client):
    event = EventFactory(starts_at=tomorrow_at(10, days=-3))
    report = ArticleFactory(title="Выпускники встретились с губернатором")
    change = reverse("admin:events_event_change", args=[event.pk])
    assert editor_client.get(change).status_code == 200
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    data = form(
        title=event.title, slug=event.slug, report=report.pk, regions=[],
        starts_at_0=f"{start:%d.%m.%Y}", starts_at_1=f"{start:%H:%M:%S}",
        ends_at_0=f"{end:%d.%m.%Y}", ends_at_1=f"{end:%H:%M:%S}",
    )  # fmt: skip
    assert editor_client.post(change, data).status_code == 302
    event.refresh_from_db()
    assert event.report == report
    found = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "report", "term": "Выпуск"},
    )
    assert [item["text"] for item in found.json()["results"]] == [report.title]


def test_an_author_sees_announcements_but_changes_none():
    event = EventFactory()
    client = client_for(staff_member(AUTHORS, username="author-events"))
    assert client.get(LIST).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form()).status_code == 403
    change = reverse("admin:events_event_change", args=[event.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.text  # read-only
    assert client.post(change, form()).status_code == 403
    assert client.post(reverse("admin:events_event_delete", args=[event.pk]),
                       {"post": "yes"}).status_code == 403  # fmt: skip
    assert Event.objects.get().title == event.title


def test_a_moderator_has_no_announcements():
    client = client_for(staff_member(MODERATORS, username="moderator-events"))
    assert client.get(LIST).status_code == 403
    assert client.get(ADD).status_code == 403
