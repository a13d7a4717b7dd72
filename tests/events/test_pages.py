"""«Анонсы», a region's announcements, one announcement, and the home page's part."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from events.templatetags.announcements import ON_HOME
from events.views import PAST_PER_PAGE
from tests.events.helpers import EventFactory, tomorrow_at
from tests.factories import AppointmentFactory, ArticleFactory, PersonFactory, region

pytestmark = pytest.mark.django_db

SUBJECT = "ulyanovskaya-oblast"
DISTRICT = "privolzhsky-federalny-okrug"


def past_event(days_ago, **kwargs):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs)


def positions(html, *titles):
    return [html.index(title) for title in titles]


def test_upcoming_come_first_soonest_first_then_past_latest_first(client):
    later = EventFactory(title="Заседание правительства", starts_at=tomorrow_at(10, days=4))
    sooner = EventFactory(title="Открытие моста через Волгу", starts_at=tomorrow_at(9))
    recent = past_event(2, title="Сессия Законодательного собрания")
    older = past_event(20, title="Форум молодёжи")
    html = client.get("/events/").text
    titles = [sooner.title, later.title, recent.title, older.title]
    assert positions(html, *titles) == sorted(positions(html, *titles))
    upcoming, past = html.split("Прошедшие события")
    assert later.title in upcoming and recent.title in past


def test_a_card_says_when_where_who_and_whether_the_media_need_accreditation(client):
    EventFactory(
        title="Вручение премий учителям",
        starts_at=tomorrow_at(11, 30), ends_at=tomorrow_at(13),
        place="Дворец книги", address="Ульяновск, улица Ленина, 85",
        participants="Губернатор, лауреаты премии", accreditation_required=True,
    )  # fmt: skip
    html = client.get("/events/").text
    start = timezone.localtime(tomorrow_at(11, 30))
    assert f'datetime="{start:%Y-%m-%dT%H:%M}+0400"' in html  # the office's time zone
    assert "11:30</time>–<time" in html and ">13:00</time>" in html
    assert "Дворец книги, Ульяновск, улица Ленина, 85" in html
    assert "Участники: Губернатор, лауреаты премии" in html
    assert "Нужна аккредитация СМИ" in html


def test_past_events_are_paginated_and_a_page_past_the_end_is_404(client):
    EventFactory(title="Будущее событие")
    for number in range(PAST_PER_PAGE + 1):
        past_event(number + 1, title=f"Прошедшее событие {number:02d}")
    first = client.get("/events/").text
    assert "Будущее событие" in first and "Прошедшее событие 00" in first
    assert f"Прошедшее событие {PAST_PER_PAGE:02d}" not in first
    assert 'href="?page=2"' in first
    second = client.get("/events/?page=2").text
    assert f"Прошедшее событие {PAST_PER_PAGE:02d}" in second
    assert "Будущее событие" not in second  # upcoming only on the first page
    assert client.get("/events/?page=3").status_code == 404
    assert client.get("/events/?page=abc").status_code == 404


def test_a_region_page_has_its_own_and_its_subjects_events_and_its_own_calendar(client):
    EventFactory(title="Событие в Ульяновске", regions=[region(SUBJECT)])
    EventFactory(title="Событие в Туле", regions=[region("tulskaya-oblast")])
    html = client.get(f"/events/regions/{DISTRICT}/").text
    assert "Событие в Ульяновске" in html and "Событие в Туле" not in html
    assert f'href="webcal://testserver/events/regions/{DISTRICT}/calendar.ics"' in html
    assert f'href="http://testserver/events/regions/{DISTRICT}/calendar.ics"' in html
    assert client.get("/events/regions/net-takogo-regiona/").status_code == 404


def test_the_events_page_offers_the_calendar_and_one_per_region(client):
    EventFactory(regions=[region(SUBJECT)])
    html = client.get("/events/").text
    assert ">Подписаться на календарь</a>" in html
    assert 'href="webcal://testserver/events/calendar.ics"' in html
    assert 'href="http://testserver/events/calendar.ics"' in html
    assert f'href="/events/regions/{SUBJECT}/calendar.ics"' in html
    assert "tulskaya-oblast" not in html  # only regions that have announcements


def test_the_detail_page_names_people_with_their_title_on_the_day(client):
    person = PersonFactory(last_name="Русских", first_name="Алексей", patronymic="Юрьевич")
    AppointmentFactory(person=person, title="Губернатор Ульяновской области",
                       starts_on=datetime.date(2021, 9, 1))  # fmt: skip
    hidden = PersonFactory(last_name="Непроверенный", is_confirmed=False)
    event = EventFactory(people=[person, hidden], accreditation_required=True,
                         accreditation_note="Заявки до пятницы.")  # fmt: skip
    html = client.get(event.get_absolute_url()).text
    assert "Русских Алексей Юрьевич</a>, губернатор ульяновской области" in html
    assert "Непроверенный" not in html
    assert "Нужна. Заявки до пятницы." in html
    assert client.get("/events/net-takogo-anonsa/").status_code == 404


def test_the_report_is_linked_once_it_is_public_and_not_before(client):
    report = ArticleFactory(title="Мост через Волгу открыт", status=Article.Status.DRAFT)
    event = past_event(1, title="Открытие моста", report=report)
    assert "Мост через Волгу открыт" not in client.get(event.get_absolute_url()).text
    assert "Мост через Волгу открыт" not in client.get("/events/").text
    report.status = Article.Status.PUBLISHED
    report.save()
    for url in (event.get_absolute_url(), "/events/"):
        html = client.get(url).text
        assert f'Материал о событии: <a href="{report.get_absolute_url()}">' in html


def test_the_home_page_shows_what_has_not_ended_and_nothing_past(client):
    EventFactory(title="Приём граждан губернатором", accreditation_required=True)
    past_event(1, title="Вчерашний форум")
    html = client.get("/").text
    assert "Приём граждан губернатором" in html and "аккредитация СМИ" in html
    assert "Вчерашний форум" not in html
    assert 'href="/events/">Все анонсы</a>' in html
    assert "Приём граждан губернатором" not in client.get("/?page=2").text


def test_the_home_page_shows_the_soonest_few_and_leads_to_the_rest(client):
    for number in range(ON_HOME + 1):
        EventFactory(title=f"Анонс номер {number}", starts_at=tomorrow_at(9 + number))
    html = client.get("/").text
    assert f"Анонс номер {ON_HOME - 1}" in html and f"Анонс номер {ON_HOME}" not in html
    assert "Все предстоящие анонсы" in html


def test_the_home_page_without_announcements_has_no_empty_section(client):
    assert "home-events" not in client.get("/").text


def test_navigation_leads_to_announcements(client):
    html = client.get("/").text
    assert '<a href="/events/">Анонсы</a>' in html
    assert '<a href="/events/" aria-current="page">Анонсы</a>' in client.get("/events/").text


# Query counts: the same with one announcement and with many, whatever they link.


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add(count, *, days):
    person = PersonFactory()
    AppointmentFactory(person=person)
    for number in range(count):
        EventFactory(starts_at=tomorrow_at(9, days=days + number), people=[person],
                     regions=[region(SUBJECT), region("tulskaya-oblast")],
                     report=ArticleFactory())  # fmt: skip
        past_event(days + number + 1, regions=[region(SUBJECT)], report=ArticleFactory())


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/events/", 6),
        (f"/events/regions/{DISTRICT}/", 7),
        ("/events/calendar.ics", 3),
        (f"/events/regions/{DISTRICT}/calendar.ics", 5),
        ("/", 5),
    ],
)
def test_pages_run_the_same_queries_with_one_announcement_and_with_many(client, url, budget):
    """Guards an N+1 per announcement, its regions, people or report."""
    _add(1, days=1)
    one = _queries(client, url)
    _add(12, days=5)
    many = _queries(client, url)
    assert one == many <= budget


def test_the_detail_page_runs_a_fixed_number_of_queries(client):
    people = [PersonFactory() for _ in range(6)]
    for person in people:
        AppointmentFactory(person=person)
    few = EventFactory(people=people[:1], regions=[region(SUBJECT)], report=ArticleFactory())
    many = EventFactory(people=people, regions=[region(SUBJECT), region(DISTRICT)],
                        report=ArticleFactory())  # fmt: skip
    assert _queries(client, few.get_absolute_url()) == _queries(client, many.get_absolute_url())
    assert _queries(client, many.get_absolute_url()) <= 5


def test_the_report_links_back_to_its_announcement(client):
    report = ArticleFactory(title="Премии учителям вручены")
    event = past_event(1, title="Вручение премий учителям", report=report)
    html = client.get(report.get_absolute_url()).text
    assert (
        f'Анонс события: <a href="{event.get_absolute_url()}">Вручение премий учителям</a>' in html
    )
    assert "Анонс события" not in client.get(ArticleFactory().get_absolute_url()).text


def test_what_staff_type_is_shown_as_text_never_as_markup(client):
    event = EventFactory(
        title="<script>alert(1)</script> Совещание", place="<b>Зал</b>",
        participants="<img src=x onerror=alert(1)>\nГлавы районов", description="<i>текст</i>",
    )  # fmt: skip
    for url in ("/", "/events/", event.get_absolute_url()):
        html = client.get(url).text
        assert "<script>alert(1)" not in html and "<b>Зал" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Совещание" in html, url
    detail = client.get(event.get_absolute_url()).text
    assert "<img src=x" not in detail and "<i>текст" not in detail


def test_a_regions_news_page_leads_to_its_announcements(client):
    html = client.get(f"/regions/{SUBJECT}/").text
    assert f'<a href="/events/regions/{SUBJECT}/">Анонсы событий региона и календарь' in html
