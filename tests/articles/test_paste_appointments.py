"""A person «Вставить текст» creates for an unknown speaker: the story says what they are, not
since when. The appointment's start is asked for on the preview; left empty, it is marked as
not verified, the signature still follows it, and the person's card, the people list and
publishing each ask an editor to correct it (issue 13, item 11)."""

import datetime

import pytest
from django.utils import timezone

from people.models import Appointment, Person
from pressoffice.roles import AUTHORS, EDITORS
from tests.articles.helpers import (
    PASTE_URL,
    change_url,
    form_for,
    paste_and_save,
    preview,
    save_data,
)
from tests.factories import AppointmentFactory, PersonFactory, client_for, staff_member

pytestmark = pytest.mark.django_db
PEOPLE_URL = "/admin/people/person/"


@pytest.fixture
def editor():
    return staff_member(EDITORS, username="editor-paste")


def test_the_preview_asks_since_when_a_new_speaker_holds_the_title(editor):
    form = preview(client_for(editor)).context["form"]

    rows = [row for row in form.rows() if "quote" in row]
    assert all(row["since"] is not None for row in rows)
    assert form.fields["since_0"].label == "В должности с"
    assert not form.fields["since_0"].required


def test_a_known_date_is_stored_as_a_verified_start(editor):
    paste_and_save(client_for(editor), since_0="07.10.2021")

    appointment = Appointment.objects.get(person__last_name="Миляев")
    assert appointment.starts_on == datetime.date(2021, 10, 7)
    assert not appointment.start_unverified


def test_without_a_date_the_start_is_the_day_of_the_paste_marked_unverified(editor):
    _, response = paste_and_save(client_for(editor))

    assert {(a.starts_on, a.start_unverified) for a in Appointment.objects.all()} == {
        (timezone.localdate(), True)
    }
    said = [str(m) for m in response.wsgi_request._messages]
    assert any("дата вступления в должность не уточнена" in m for m in said), said


def test_an_unverified_start_still_signs_quotes_of_earlier_dates():
    person = PersonFactory()
    AppointmentFactory(person=person, title="Министр спорта", starts_on=timezone.localdate(),
                       start_unverified=True)  # fmt: skip

    assert person.title_on(datetime.date(2022, 3, 15)) == "Министр спорта"


@pytest.mark.parametrize(
    ("value", "message"),
    [("31.02.2022", "Введите правильную дату"), ("завтра", "Введите правильную дату")],
)
def test_a_bad_date_is_refused_and_nothing_saved(editor, value, message):
    client = client_for(editor)
    response = client.post(PASTE_URL, save_data(preview(client), since_0=value))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["since_0"])
    assert not Person.objects.exists()


def test_a_future_date_is_refused(editor):
    client = client_for(editor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(PASTE_URL, save_data(preview(client), since_0=f"{tomorrow:%d.%m.%Y}"))

    assert "не может быть позже сегодняшнего дня" in " ".join(
        response.context["form"].errors["since_0"]
    )
    assert not Person.objects.exists()


def test_the_people_list_and_the_card_ask_for_the_date(editor):
    paste_and_save(client_for(staff_member(AUTHORS, username="paster")))
    client = client_for(editor)

    listed = client.get(PEOPLE_URL, {"start_unverified": "1"})
    assert {p.last_name for p in listed.context["cl"].result_list} == {
        "Миляев", "Артемьева", "Русских",
    }  # fmt: skip
    assert "Дата назначения не уточнена" in client.get(PEOPLE_URL).content.decode()
    person = Person.objects.get(last_name="Миляев")
    card = client.get(f"{PEOPLE_URL}{person.pk}/change/").content.decode()
    assert "Уточните дату вступления в должность" in card


def test_correcting_the_date_on_the_card_clears_the_mark(editor):
    paste_and_save(client_for(editor))
    person = Person.objects.get(last_name="Миляев")
    appointment = person.appointments.get()
    data = {
        "last_name": person.last_name, "first_name": person.first_name, "patronymic": "",
        "slug": person.slug, "is_confirmed": "on", "photo_alt": "", "biography": "",
        "appointments-TOTAL_FORMS": "1", "appointments-INITIAL_FORMS": "1",
        "appointments-MIN_NUM_FORMS": "0", "appointments-MAX_NUM_FORMS": "1000",
        "appointments-0-id": str(appointment.pk), "appointments-0-person": str(person.pk),
        "appointments-0-title": appointment.title, "appointments-0-region": "",
        "appointments-0-organisation": "", "appointments-0-starts_on": "23.09.2022",
        "appointments-0-ends_on": "", "appointments-0-start_unverified": "on",
    }  # fmt: skip

    response = client_for(editor).post(f"{PEOPLE_URL}{person.pk}/change/", data)

    assert response.status_code == 302, response.context["errors"]
    appointment.refresh_from_db()
    assert appointment.starts_on == datetime.date(2022, 9, 23)
    assert not appointment.start_unverified


def test_publishing_asks_to_check_an_unverified_date(editor):
    article, _ = paste_and_save(client_for(editor))
    data = form_for(article, _publish="Опубликовать")

    refused = client_for(editor).post(change_url(article), data)

    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "дата вступления в должность не уточнена" in errors
    assert "Дмитрий Миляев" in errors
    article.refresh_from_db()
    assert article.status == "draft"

    confirmed = client_for(editor).post(change_url(article), {**data, "titles_confirmed": "on"})
    assert confirmed.status_code == 302
    article.refresh_from_db()
    assert article.status == "published"
