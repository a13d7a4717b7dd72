"""Announcements in Chromium: a reader finds «Анонсы» and subscribes to the calendar; the new
pages pass axe-core; screenshots at 1366 and 375 px of the pages and of the admin's form."""

import datetime
from pathlib import Path

import icalendar
import pytest

from tests.e2e.conftest import log_in, screenshots
from tests.e2e.helpers import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e

SUBJECT = "ulyanovskaya-oblast"


@pytest.fixture
def announcements(seed):
    """Going on now, coming (with an official and the media's accreditation), and past with its
    report: the seed story."""
    from django.utils import timezone

    from people.models import Person
    from tests.events.helpers import EventFactory, tomorrow_at
    from tests.factories import region

    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    ulyanovsk = region(SUBJECT)
    EventFactory(
        title="Заседание штаба по подготовке к паводку", starts_at=now - hour, ends_at=now + hour,
        place="Дом правительства, зал заседаний", address="Ульяновск, площадь Ленина, 1",
        regions=[ulyanovsk],
    )  # fmt: skip
    coming = EventFactory(
        title="Губернатор вручит премии лучшим учителям области",
        starts_at=tomorrow_at(11), ends_at=tomorrow_at(13),
        place="Дворец книги", address="Ульяновск, улица Ленина, 85",
        participants="Лауреаты премии, руководители школ", people=Person.objects.all()[:2],
        accreditation_required=True, accreditation_note="Заявки до 18:00 накануне.",
        regions=[ulyanovsk],
    )  # fmt: skip
    EventFactory(
        title="Форум «Открытый регион»", starts_at=now - 30 * hour, ends_at=now - 26 * hour,
        place="Конгресс-холл «Ульяновск»", report=seed, regions=[ulyanovsk],
    )  # fmt: skip
    return coming


def test_a_reader_opens_announcements_and_subscribes_to_the_calendar(session, announcements):
    page = session.page
    session.goto("/")
    home = page.locator(".home-events")
    assert announcements.title in home.inner_text()
    assert "Форум «Открытый регион»" not in home.inner_text()  # over: not on the home page
    page.get_by_role("navigation", name="Основные разделы").get_by_role(
        "link", name="Анонсы"
    ).click()
    page.wait_for_url(f"{session.base_url}/events/")
    assert page.get_by_role("heading", level=1).inner_text() == "Анонсы"
    subscribe = page.get_by_role("link", name="Подписаться на календарь")
    ics = page.get_by_role("link", name="Файл календаря (.ics)")
    https_address = ics.get_attribute("href")
    assert https_address == f"{session.base_url}/events/calendar.ics"
    assert subscribe.get_attribute("href") == "webcal://" + https_address.split("://", 1)[1]
    with page.expect_download() as download:
        ics.click()
    body = Path(download.value.path()).read_bytes()
    calendar = icalendar.Calendar.from_ical(body)
    titles = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert announcements.title in titles and "Форум «Открытый регион»" in titles
    assert session.outside_requests() == []


def test_a_reader_subscribes_to_one_regions_calendar(session, announcements):
    from tests.events.helpers import EventFactory
    from tests.factories import region

    EventFactory(title="Совещание в Туле", regions=[region("tulskaya-oblast")])
    page = session.page
    session.goto("/events/")
    page.locator(".event-regions").get_by_role(
        "link", name="Ульяновская область", exact=True
    ).click()
    page.wait_for_url(f"{session.base_url}/events/regions/{SUBJECT}/")
    assert "Совещание в Туле" not in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Файл календаря (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    titles = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert announcements.title in titles and "Совещание в Туле" not in titles


def wider_than_the_window(page):
    """What in <main> reaches past a 375 px window. (The header's search form does in the
    version for the visually impaired, on every page: not the announcements' business.)"""
    return page.evaluate(
        """[...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
            .map(e => e.tagName + '.' + e.className)"""
    )


@pytest.mark.parametrize("scheme", ["usual", "bw", "wb", "blue", "brown"])
def test_announcement_pages_pass_axe_in_every_colour_scheme(
    open_session, announcements, axe, scheme
):
    """Screenshots of the usual version; no sideways scrolling at 375 px."""
    session = open_session()
    page = session.page
    session.goto("/")
    if scheme != "usual":
        page.get_by_role("button", name="Версия для слабовидящих").click()
        page.locator(f"input[name=scheme][value={scheme}]").check()
        page.get_by_role("button", name="Применить").click()
    pages = {
        "events-home": "/",
        "events-list": "/events/",
        "events-region": f"/events/regions/{SUBJECT}/",
        "events-detail": announcements.get_absolute_url(),
        "events-report": announcements.__class__.objects.past().get().report.get_absolute_url(),
    }
    report = []
    for name, path in pages.items():
        session.goto(path)
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            report.append(f"{name} ({scheme}):\n{describe(violations)}")
        if scheme == "usual":
            screenshots(page, name)
        if name != "events-report":  # the article page is not ours (its photo credit overflows)
            page.set_viewport_size({"width": 375, "height": 740})
            assert wider_than_the_window(page) == [], f"{name} ({scheme})"
            page.set_viewport_size({"width": 1366, "height": 900})
    assert not report, "axe-core violations:\n" + "\n\n".join(report)
    assert session.outside_requests() == []


def test_an_editor_fills_the_announcement_form_and_is_told_in_russian(session, announcements, axe):
    from events.models import Event
    from pressoffice.roles import EDITORS
    from tests.factories import staff_member

    log_in(session, staff_member(EDITORS, username="editor-events-e2e"))
    page = session.page
    session.goto("/admin/events/event/add/")
    page.fill("#id_title", "Встреча губернатора с волонтёрами")
    page.fill("#id_starts_at_0", "20.12.2026")
    page.fill("#id_starts_at_1", "15:00:00")
    page.fill("#id_ends_at_0", "20.12.2026")
    page.fill("#id_ends_at_1", "14:00:00")
    page.fill("#id_place", "Ленинский мемориал")
    page.check("#id_accreditation_required")
    page.click("input[name=_save]")
    assert "Окончание не может быть раньше начала." in page.locator(".errorlist").inner_text()
    screenshots(page, "events-admin-form-error")
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    page.fill("#id_ends_at_1", "17:00:00")
    page.click("input[name=_save]")
    page.wait_for_url(f"{session.base_url}/admin/events/event/")
    saved = Event.objects.get(title="Встреча губернатора с волонтёрами")
    assert saved.accreditation_required and saved.ends_at - saved.starts_at == datetime.timedelta(
        hours=2
    )
    screenshots(page, "events-admin-list")
    session.goto(f"/admin/events/event/{saved.pk}/change/")
    screenshots(page, "events-admin-form")
