"""The press officers' queue: who sees it, how a decision is taken, and the letter the
journalist gets through the mail queue."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from mailer.models import Message

from press.accreditation import answer
from press.models import AccreditationRequest
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS, PRESS_OFFICERS
from tests.factories import UserFactory, client_for, staff_member
from tests.press.helpers import QUEUE, waiting_request

pytestmark = pytest.mark.django_db
Status = AccreditationRequest.Status


@pytest.fixture
def officer():
    return staff_member(PRESS_OFFICERS, username="press-officer")


@pytest.fixture
def officer_client(officer):
    return client_for(officer)


def send_queued_mail():
    """What the mail worker does: one pass through the queue (into mail.outbox in tests)."""
    call_command("send_mail")


def act(client, action, requests, reply=""):
    return client.post(f"{QUEUE}?status=all", {
        "action": action, "_selected_action": [r.pk for r in requests], "reply": reply,
        "index": 0,
    }, follow=True)  # fmt: skip


def test_only_press_officers_and_superusers_see_the_requests():
    """The requests hold journalists' personal data: no editorial role sees them."""
    request = waiting_request()
    change = f"{QUEUE}{request.pk}/change/"
    for role in (EDITORS, AUTHORS, MODERATORS):
        client = client_for(staff_member(role))
        assert client.get(QUEUE).status_code == 403, role
        assert client.get(change).status_code == 403, role
    for user in (staff_member(PRESS_OFFICERS), UserFactory(is_staff=True, is_superuser=True)):
        page = client_for(user).get(QUEUE)
        assert page.status_code == 200
        assert "Пётр Корнилов" in page.content.decode()


def test_the_press_officers_role_holds_exactly_the_press_permissions():
    codenames = set(Group.objects.get(name=PRESS_OFFICERS).permissions.values_list(
        "content_type__app_label", "codename"))  # fmt: skip
    assert {app for app, _ in codenames} == {"press"}
    assert ("press", "add_accreditationrequest") not in codenames  # they come from the site
    assert ("press", "change_accreditationrequest") in codenames
    assert ("press", "delete_accreditationrequest") in codenames  # 152-FZ: erasure on request
    for role in (EDITORS, AUTHORS, MODERATORS):
        held = Group.objects.get(name=role).permissions.filter(content_type__app_label="press")
        assert not held.exists(), role


def test_the_queue_opens_on_new_requests_and_filters_by_status(officer_client, officer):
    waiting_request(name="Ждущая Заявка")
    answered = waiting_request(name="Рассмотренная Заявка", event="Другое")
    answer(AccreditationRequest.objects.filter(pk=answered.pk), status=Status.REFUSED,
           staff=officer)  # fmt: skip
    html = officer_client.get(QUEUE).content.decode()
    assert "Ждущая Заявка" in html and "Рассмотренная Заявка" not in html
    html = officer_client.get(QUEUE, {"status": "refused"}).content.decode()
    assert "Рассмотренная Заявка" in html and "Ждущая Заявка" not in html
    html = officer_client.get(QUEUE, {"status": "all"}).content.decode()
    assert "Рассмотренная Заявка" in html and "Ждущая Заявка" in html
    assert officer_client.get(QUEUE, {"q": "Ждущая"}).status_code == 200


def test_approving_queues_a_letter_the_mail_worker_sends(officer_client, officer):
    request = waiting_request()
    response = act(officer_client, "approve", [request], reply="Вход по паспорту, с 9:30.")
    assert "Одобрено заявок: 1" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.APPROVED
    assert request.answered_by == officer and request.answered_at is not None
    assert request.reply == "Вход по паспорту, с 9:30."
    assert mail.outbox == []  # the request only queued it
    assert Message.objects.count() == 1
    send_queued_mail()
    letter = mail.outbox[0]
    assert letter.to == ["p.kornilov@example.ru"]
    assert letter.subject == "Аккредитация: Пресс-конференция губернатора"
    assert "Здравствуйте, Пётр Корнилов!" in letter.body
    assert "одобрила вашу заявку" in letter.body
    assert "Вход по паспорту, с 9:30." in letter.body


def test_refusing_tells_the_journalist_and_answered_requests_are_not_answered_again(
    officer_client,
):
    first, second = waiting_request(), waiting_request(email="other@example.ru", event="Другое")
    act(officer_client, "refuse", [first])
    response = act(officer_client, "approve", [first, second])
    assert "Одобрено заявок: 1" in response.content.decode()
    assert "Уже рассмотренные заявки не изменены: 1." in response.content.decode()
    first.refresh_from_db()
    assert first.status == Status.REFUSED
    send_queued_mail()
    assert [(m.to, "не может аккредитовать" in m.body) for m in mail.outbox] == [
        (["p.kornilov@example.ru"], True), (["other@example.ru"], False),
    ]  # fmt: skip


def test_a_decision_on_the_request_page_is_mailed_and_then_final(officer_client):
    request = waiting_request()
    change = f"{QUEUE}{request.pk}/change/"
    page = officer_client.get(change).content.decode()
    assert "anna" not in page and "p.kornilov@example.ru" in page
    response = officer_client.post(change, {"status": "approved", "reply": "Ждём вас."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.reply) == (Status.APPROVED, "Ждём вас.")
    assert Message.objects.count() == 1
    # Answered: everything is read-only, and a second post changes nothing and mails nobody.
    officer_client.post(change, {"status": "refused", "reply": "Передумали."})
    request.refresh_from_db()
    assert request.status == Status.APPROVED and Message.objects.count() == 1


def test_saving_a_waiting_request_without_a_decision_mails_nobody(officer_client):
    request = waiting_request()
    change = f"{QUEUE}{request.pk}/change/"
    assert officer_client.post(change, {"status": "new", "reply": "Черновик"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.reply, request.answered_at) == (Status.NEW, "Черновик", None)
    assert not Message.objects.exists()


def test_nobody_adds_a_request_in_the_admin(officer_client):
    assert officer_client.get(f"{QUEUE}add/").status_code == 403


def test_answer_refuses_what_is_not_a_decision(officer):
    with pytest.raises(ValueError):
        answer(AccreditationRequest.objects.all(), status=Status.NEW, staff=officer)


def test_the_database_keeps_answered_and_waiting_apart():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        waiting_request(status=Status.APPROVED)  # approved but never answered
