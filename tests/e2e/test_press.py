"""«Для СМИ» in Chromium: a journalist requests accreditation and is told it arrived; a press
officer finds it in the queue and approves it. axe-core finds nothing on any of the pages, and
nothing is fetched from elsewhere (the footer's channels are plain links)."""

import datetime

import pytest

from tests.e2e.conftest import log_in, screenshots
from tests.e2e.helpers import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e


@pytest.fixture
def press_data(site_db, settings):
    from press.models import Channel, Contact, OfficeHours, RepublicationRules

    settings.COMMENTS_MIN_SECONDS = 0  # the journalist here types faster than a person
    RepublicationRules.objects.update_or_create(pk=1, defaults={"text": (
        "Материалы сайта можно перепечатывать со ссылкой на сайт.\n\n"
        "Фотографии публикуются с подписью и именем автора.")})  # fmt: skip
    Contact.objects.create(name="Ирина Соколова", role="Руководитель пресс-службы",
                           phone="+7 (8422) 41-20-00", email="sokolova@example.ru")  # fmt: skip
    Contact.objects.create(
        name="Приёмная пресс-службы", role="Аккредитация СМИ", phone="+7 (8422) 41-20-01",
        email="press@example.ru", position=1,
    )  # fmt: skip
    OfficeHours.objects.create(first_day=1, last_day=4, opens=datetime.time(9),
                               closes=datetime.time(18))  # fmt: skip
    OfficeHours.objects.create(first_day=5, last_day=5, opens=datetime.time(9),
                               closes=datetime.time(16, 45))  # fmt: skip
    addresses = [("telegram", "https://t.me/ulgov_press"), ("vk", "https://vk.com/ulgov_press"),
                 ("ok", "https://ok.ru/group/ulgov_press")]  # fmt: skip
    for position, (kind, url) in enumerate(addresses):
        Channel.objects.create(kind=kind, url=url, position=position)


def no_axe_violations(axe, page, name, report, *, javascript=True):
    """axe-core runs in the page: with JavaScript off it cannot (Playwright's evaluate would
    wait for ever), and the JavaScript run has checked the same pages."""
    if not javascript:
        return
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        report.append(f"{name}:\n{describe(violations)}")


def fill_in(page):
    page.get_by_label("Издание", exact=True).fill("Городская газета «Вести Заволжья»")
    page.get_by_label("Имя и фамилия").fill("Анна Журавлёва")
    page.get_by_label("Электронная почта", exact=True).fill("anna.zhuravleva@example.ru")
    page.get_by_label("Телефон", exact=True).fill("+7 (900) 123-45-67")
    page.get_by_label("Мероприятие или период").fill("Заседание правительства 15 декабря")


@pytest.mark.parametrize("javascript", [True, False])
def test_a_journalist_requests_accreditation_and_sees_the_confirmation(
    open_session, press_data, axe, javascript
):
    from press.models import AccreditationRequest

    session = open_session(java_script_enabled=javascript)
    page = session.page
    report = []
    session.goto("/")
    page.get_by_role("navigation", name="Основные разделы").get_by_role(
        "link", name="Для СМИ").click()  # fmt: skip
    assert page.locator("h1").inner_text() == "Для СМИ"
    assert page.get_by_role("link", name="+7 (8422) 41-20-00").get_attribute("href") == (
        "tel:+78422412000")  # fmt: skip
    footer = page.locator("footer.site-footer")
    assert footer.get_by_role("link", name="Telegram").get_attribute("href") == (
        "https://t.me/ulgov_press")  # fmt: skip
    no_axe_violations(axe, page, "section", report, javascript=javascript)
    if javascript:
        screenshots(page, "press-section")
    page.get_by_role("link", name="Подать заявку на аккредитацию").click()
    assert page.locator("h1").inner_text() == "Заявка на аккредитацию"
    no_axe_violations(axe, page, "form", report, javascript=javascript)
    if javascript:
        screenshots(page, "press-form")
    # Forgot the consent: told why, in Russian, and nothing is saved.
    fill_in(page)
    page.get_by_label("Телефон", exact=True).fill("12-34")
    if javascript:  # the browser's own check of the empty box comes first; the server's here
        page.locator("form.press-form").evaluate("form => form.noValidate = true")
    else:  # nothing can turn the browser's check off: it stops the form without the consent
        page.get_by_label("Я даю согласие на обработку моих персональных данных").check()
    page.get_by_role("button", name="Отправить заявку").click()
    alert = page.get_by_role("alert")
    assert "Заявка не отправлена." in alert.inner_text()
    if javascript:
        assert "Без согласия на обработку персональных данных заявка не принимается." in (
            alert.inner_text())  # fmt: skip
    assert "Проверьте номер телефона" in alert.inner_text()
    assert not AccreditationRequest.objects.exists()
    no_axe_violations(axe, page, "form with errors", report, javascript=javascript)
    if javascript:
        screenshots(page, "press-form-errors")
    # What was typed stays; the journalist corrects the phone and ticks the box.
    assert (
        page.get_by_label("Издание", exact=True).input_value()
        == "Городская газета «Вести Заволжья»"
    )
    page.get_by_label("Телефон", exact=True).fill("+7 (900) 123-45-67")
    page.get_by_label("Я даю согласие на обработку моих персональных данных").check()
    page.get_by_role("button", name="Отправить заявку").click()
    page.wait_for_url(session.base_url + "/press/accreditation/sent/")
    assert "Заявка на аккредитацию получена" in page.get_by_role("status").inner_text()
    no_axe_violations(axe, page, "confirmation", report, javascript=javascript)
    if javascript:
        screenshots(page, "press-confirmation")
    request = AccreditationRequest.objects.get()
    assert (request.name, request.status) == ("Анна Журавлёва", "new")
    assert session.outside_requests() == []
    # The refused form came back with 400, which Chromium reports; nothing else may.
    assert [e for e in session.console_errors if "status of 400" not in e] == []
    assert not report, "axe-core violations:\n" + "\n\n".join(report)


def test_a_press_officer_approves_the_request_in_the_queue(open_session, press_data, axe):
    from django.core.management import call_command

    from press.models import AccreditationRequest
    from pressoffice.roles import PRESS_OFFICERS
    from tests.factories import staff_member
    from tests.press.helpers import waiting_request

    waiting_request()
    waiting_request(
        name="Анна Журавлёва", outlet="Городская газета «Вести Заволжья»",
        email="anna.zhuravleva@example.ru", event="Заседание правительства 15 декабря",
    )  # fmt: skip
    session = open_session()
    page = session.page
    log_in(session, staff_member(PRESS_OFFICERS, username="press-officer"))
    session.goto("/admin/press/accreditationrequest/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    screenshots(page, "press-admin-queue")
    row = rows.filter(has_text="Анна Журавлёва")
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", label="Одобрить и отправить ответ")
    page.get_by_label("Текст ответа (необязательно)").fill("Вход по паспорту, с 9:30.")
    with page.expect_navigation():
        page.locator("#changelist-form button[name=index]").click()
    assert "Одобрено заявок: 1" in page.locator(".messagelist").inner_text()
    assert page.locator("#result_list tbody tr").count() == 1  # the new ones remain
    assert AccreditationRequest.objects.get(name="Анна Журавлёва").status == "approved"
    from django.core import mail

    call_command("send_mail")
    assert [m.to for m in mail.outbox] == [["anna.zhuravleva@example.ru"]]
    assert "Вход по паспорту, с 9:30." in mail.outbox[0].body
