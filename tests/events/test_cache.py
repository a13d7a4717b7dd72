"""Cached pages that show announcements: they change when an announcement is edited, and by
themselves when one starts or ends (the home page must stop showing it), on a controlled clock."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from tests.events.helpers import EventFactory
from tests.factories import ArticleFactory, region, staff_member

pytestmark = pytest.mark.django_db

HOME, EVENTS = "/", "/events/"
SUBJECT = "ulyanovskaya-oblast"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """Run what a change schedules for after its commit (the cache's invalidation)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def cached(client, url, django_assert_num_queries):
    """Renders and stores ``url``, then proves the next request comes from the cache."""
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        return client.get(url).text


def test_the_cached_home_page_drops_an_announcement_when_it_ends(client, django_assert_num_queries):
    now = timezone.now()
    ends = now + datetime.timedelta(minutes=30)
    EventFactory(title="Совещание по паводку", starts_at=now - datetime.timedelta(hours=1),
                 ends_at=ends)  # fmt: skip
    EventFactory(title="Приём граждан", starts_at=now + datetime.timedelta(days=2))
    with time_machine.travel(now, tick=False):
        assert "Совещание по паводку" in cached(client, HOME, django_assert_num_queries)
    before_the_end = time_machine.travel(ends - datetime.timedelta(seconds=5), tick=False)
    with before_the_end, django_assert_num_queries(0):  # still kept: nothing has changed yet
        assert "Совещание по паводку" in client.get(HOME).text
    with time_machine.travel(ends + datetime.timedelta(seconds=1), tick=False):
        html = client.get(HOME).text
    assert "Совещание по паводку" not in html and "Приём граждан" in html


def test_the_cached_events_page_moves_an_event_to_the_past_when_it_ends(
    client, django_assert_num_queries
):
    now = timezone.now()
    starts, ends = now + datetime.timedelta(minutes=10), now + datetime.timedelta(hours=1)
    EventFactory(title="Открытие катка", starts_at=starts, ends_at=ends)
    with time_machine.travel(now, tick=False):
        html = cached(client, EVENTS, django_assert_num_queries)
        assert "Прошедшие события" not in html and "идёт сейчас" not in html
    with time_machine.travel(starts + datetime.timedelta(seconds=1), tick=False):
        assert "идёт сейчас" in client.get(EVENTS).text  # it started: the page changed
    with time_machine.travel(ends + datetime.timedelta(seconds=1), tick=False):
        upcoming, past = client.get(EVENTS).text.split("Прошедшие события")
    assert "Открытие катка" in past and "Открытие катка" not in upcoming


def test_editing_an_announcement_updates_every_page_that_shows_it(
    client, changes, django_assert_num_queries
):
    event = EventFactory(title="Форум предпринимателей", regions=[region(SUBJECT)])
    pages = [HOME, EVENTS, f"/events/regions/{SUBJECT}/", event.get_absolute_url(),
             "/events/calendar.ics", f"/events/regions/{SUBJECT}/calendar.ics"]  # fmt: skip
    for url in pages:
        assert "Форум предпринимателей" in cached(client, url, django_assert_num_queries)
    with changes():
        event.title = "Форум малого бизнеса"
        event.save()
    for url in pages:
        html = client.get(url).content.decode()
        assert "Форум малого бизнеса" in html and "Форум предпринимателей" not in html, url


def test_a_new_announcement_reaches_the_cached_home_page(
    client, changes, django_assert_num_queries
):
    cached(client, HOME, django_assert_num_queries)
    with changes():
        EventFactory(title="День открытых дверей")
    assert "День открытых дверей" in client.get(HOME).text


def test_deleting_an_announcement_removes_it(client, changes, django_assert_num_queries):
    event = EventFactory(title="Отменённый концерт")
    assert "Отменённый концерт" in cached(client, EVENTS, django_assert_num_queries)
    with changes():
        event.delete()
    assert "Отменённый концерт" not in client.get(EVENTS).text


def test_tagging_a_region_updates_the_regions_cached_page(
    client, changes, django_assert_num_queries
):
    event = EventFactory(title="Ярмарка в Димитровграде")
    url = f"/events/regions/{SUBJECT}/"
    assert "Ярмарка в Димитровграде" not in cached(client, url, django_assert_num_queries)
    with changes():
        event.regions.add(region(SUBJECT))
    assert "Ярмарка в Димитровграде" in client.get(url).text


def test_unpublishing_the_report_removes_its_link_from_cached_pages(
    client, changes, django_assert_num_queries
):
    report = ArticleFactory(title="Как прошёл форум")
    start = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                         report=report)  # fmt: skip
    for url in (EVENTS, event.get_absolute_url()):
        assert "Как прошёл форум" in cached(client, url, django_assert_num_queries)
    with changes():
        workflow.transition(report, "unpublish", by=staff_member("Редакторы"), reason="Ошибка")
    for url in (EVENTS, event.get_absolute_url()):
        assert "Как прошёл форум" not in client.get(url).text, url


def test_the_reports_cached_page_and_body_follow_the_announcement(
    client, changes, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 3600  # the back link lives in the body's fragment
    report = ArticleFactory(title="Ярмарка прошла")
    event = EventFactory(title="Осенняя ярмарка")
    url = report.get_absolute_url()
    assert "Осенняя ярмарка" not in cached(client, url, django_assert_num_queries)
    with changes():
        event.report = report
        event.save()
    assert "Осенняя ярмарка" in client.get(url).text
    with changes():
        event.title = "Большая осенняя ярмарка"
        event.save()
    assert "Большая осенняя ярмарка" in client.get(url).text
    with changes():
        event.report = None
        event.save()
    assert "ярмарка</a>" not in client.get(url).text
