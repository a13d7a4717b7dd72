"""«Для СМИ»: contacts, hours and rules as edited in the admin, the contacts as schema.org
ContactPoints, a fixed number of queries, and the cached page forgotten when they change."""

import datetime
import json
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import html as lxml_html

from press.models import Channel, Contact, OfficeHours, RepublicationRules
from pressoffice.roles import PRESS_OFFICERS
from tests.factories import ArticleFactory, client_for, staff_member
from tests.press.helpers import URL, form_data

pytestmark = pytest.mark.django_db
SECTION = "/press/"


@pytest.fixture
def contacts():
    OfficeHours.objects.create(first_day=1, last_day=4, opens=datetime.time(9),
                               closes=datetime.time(18))  # fmt: skip
    OfficeHours.objects.create(first_day=5, last_day=5, opens=datetime.time(9),
                               closes=datetime.time(16, 45))  # fmt: skip
    return [
        Contact.objects.create(name="Ирина Соколова", role="Руководитель пресс-службы",
                               phone="8 (8422) 41-20-00", email="sokolova@example.ru"),
        Contact.objects.create(name="Приёмная пресс-службы", email="press@example.ru",
                               position=5),
    ]  # fmt: skip


def jsonld(page):
    doc = lxml_html.fromstring(page)
    return [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]


def test_the_section_shows_contacts_hours_and_the_rules(client, contacts):
    RepublicationRules.objects.update_or_create(
        pk=1, defaults={"text": "Первое правило.\n\nВторое."}
    )
    page = client.get(SECTION).content.decode()
    assert "Ирина Соколова" in page and "Руководитель пресс-службы" in page
    assert 'href="tel:+78422412000"' in page and 'href="mailto:sokolova@example.ru"' in page
    assert "пн–чт: 09:00–18:00" in page and "пт: 09:00–16:45" in page
    assert "<p>Первое правило.</p>" in page and "<p>Второе.</p>" in page
    assert 'href="/press/accreditation/"' in page
    assert page.index("Ирина Соколова") < page.index("Приёмная пресс-службы")


def test_the_migration_wrote_the_first_rules(client):
    assert "ссылки на сайт" in RepublicationRules.current().text
    assert "ссылки на сайт" in client.get(SECTION).content.decode()


def test_contacts_are_schema_org_contact_points_with_the_office_hours(client, contacts):
    (data,) = jsonld(client.get(SECTION).content.decode())
    assert data["@type"] == "GovernmentOrganization"
    assert data["url"] == "http://testserver/"
    first, second = data["contactPoint"]
    assert first == {
        "@type": "ContactPoint",
        "name": "Ирина Соколова",
        "contactType": "Руководитель пресс-службы",
        "telephone": "+78422412000",
        "email": "sokolova@example.ru",
        "availableLanguage": "ru",
        "hoursAvailable": [
            {"@type": "OpeningHoursSpecification", "opens": "09:00", "closes": "18:00",
             "dayOfWeek": [f"https://schema.org/{day}"
                           for day in ("Monday", "Tuesday", "Wednesday", "Thursday")]},
            {"@type": "OpeningHoursSpecification", "opens": "09:00", "closes": "16:45",
             "dayOfWeek": ["https://schema.org/Friday"]},
        ],
    }  # fmt: skip
    assert second["contactType"] == "пресс-служба" and "telephone" not in second


def test_no_contacts_no_jsonld_and_a_note(client):
    page = client.get(SECTION).content.decode()
    assert jsonld(page) == [] and "Контакты пресс-службы скоро появятся." in page


def test_a_contact_cannot_break_out_of_the_jsonld_script(client):
    Contact.objects.create(name="</script><script>alert(1)</script>", email="a@example.ru")
    page = client.get(SECTION).content.decode()
    assert "<script>alert(1)" not in page
    assert jsonld(page)[0]["contactPoint"][0]["name"] == "</script><script>alert(1)</script>"


def test_the_section_runs_the_same_queries_with_1_and_30_contacts(client, contacts):
    """Guards an N+1 per contact or per hours row (the JSON-LD reads both)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(SECTION)
        with CaptureQueriesContext(connection) as captured:
            client.get(SECTION)
        return len(captured)

    few = count()
    for n in range(30):
        Contact.objects.create(name=f"Сотрудник {n}", phone="+7 8422 41-20-01", position=n)
    assert count() == few == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Без связи"}, "Укажите телефон или адрес электронной почты."),
        ({"name": "А", "phone": "звоните"}, "Проверьте номер телефона"),
    ],
)
def test_a_contact_needs_a_way_to_reach_it(fields, message):
    with pytest.raises(ValidationError, match=message):
        Contact(**fields).full_clean()


def test_hours_must_run_forwards():
    with pytest.raises(ValidationError, match="Время окончания должно быть позже"):
        OfficeHours(first_day=1, last_day=1, opens=datetime.time(18),
                    closes=datetime.time(9)).full_clean()  # fmt: skip
    with pytest.raises(ValidationError, match="День окончания не может быть раньше"):
        OfficeHours(first_day=5, last_day=1, opens=datetime.time(9),
                    closes=datetime.time(18)).full_clean()  # fmt: skip


def test_the_rules_are_one_text():
    RepublicationRules(text="Новые правила").save()
    assert RepublicationRules.objects.count() == 1
    assert RepublicationRules.current().text == "Новые правила"


# --- the page cache ---------------------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_editing_a_contact_in_the_admin_reaches_the_cached_section(
    client, contacts, page_cache_on, changes, django_assert_num_queries
):
    client.get(SECTION)
    with django_assert_num_queries(0):
        assert "Ирина Соколова" in client.get(SECTION).content.decode()
    officer = client_for(staff_member(PRESS_OFFICERS))
    contact = contacts[0]
    with changes():
        response = officer.post(f"/admin/press/contact/{contact.pk}/change/", {
            "name": "Ирина Белова", "role": contact.role, "phone": contact.phone,
            "email": contact.email, "position": 0,
        })  # fmt: skip
    assert response.status_code == 302
    page = client.get(SECTION).content.decode()
    assert "Ирина Белова" in page and "Ирина Соколова" not in page


def test_a_contact_changes_the_section_alone_not_every_page(
    client, contacts, page_cache_on, changes, django_assert_num_queries
):
    ArticleFactory()
    client.get("/")
    with changes():
        Contact.objects.create(name="Новый сотрудник", email="new@example.ru")
    with django_assert_num_queries(0):
        client.get("/")  # still the stored home page
    assert "Новый сотрудник" in client.get(SECTION).content.decode()


def test_hours_and_rules_reach_the_cached_section(client, page_cache_on, changes):
    client.get(SECTION)
    with changes():
        OfficeHours.objects.create(first_day=6, last_day=6, opens=datetime.time(10),
                                   closes=datetime.time(14))  # fmt: skip
        RepublicationRules(text="Правила в новой редакции.").save()
    page = client.get(SECTION).content.decode()
    assert "сб: 10:00–14:00" in page and "Правила в новой редакции." in page


def form_fields(page):
    names = ("csrfmiddlewaretoken", "timestamp", "security_hash")
    return dict(re.findall(r'name="({})" value="([^"]*)"'.format("|".join(names)), page))


def test_the_cached_form_is_signed_for_each_reader_when_they_get_it(
    client, page_cache_on, django_assert_num_queries, settings
):
    settings.COMMENTS_MIN_SECONDS = 3
    client.get(URL)
    later = timezone.now() + datetime.timedelta(minutes=30)
    with time_machine.travel(later, tick=False), django_assert_num_queries(0):
        fields = form_fields(client.get(URL).content.decode())
    assert int(fields["timestamp"]) == int(later.timestamp())
    # Sent at once after the visit: too fast, counted from the visit, not from the render.
    with time_machine.travel(later + datetime.timedelta(seconds=1), tick=False):
        response = client.post(URL, form_data(**fields))
    assert response.status_code == 400 and "слишком быстро" in response.content.decode()
    with time_machine.travel(later + datetime.timedelta(seconds=10), tick=False):
        response = client.post(URL, form_data(**fields))
    assert response.status_code == 302


def test_a_bad_channel_address_is_refused_in_russian():
    for kind, url, message in [
        ("telegram", "https://vk.com/office", "Это не адрес канала в сети «Telegram»"),
        ("vk", "http://vk.com/office", "Адрес должен начинаться с https://"),
        ("ok", "https://ok.ru/", "Это не адрес канала в сети «Одноклассники»"),
    ]:
        with pytest.raises(ValidationError, match=message):
            Channel(kind=kind, url=url).full_clean()
    Channel(kind="vk", url="https://vk.com/office").full_clean()
