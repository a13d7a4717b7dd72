"""Mail server down (issue 12): no request waits on SMTP. Moderators' digests and Django's own
mail wait in the database; the mail worker delivers each one once the server answers again."""

import email
import importlib
import socket
import threading
import time
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage, get_connection
from django.core.management import call_command
from django.db.utils import OperationalError
from django.test import Client

from bench.servers import free_port
from comments.models import Comment
from pressoffice.roles import MODERATORS
from tests.comments.helpers import form_data
from tests.factories import ArticleFactory, staff_member
from tests.faults.helpers import database_down

PORTS = range(8650, 8700)
EMAIL_TIMEOUT = 1  # seconds; the worker gives up on a silent server after this
ANSWERS_WITHIN = 1.0  # a POST that waited on SMTP would take EMAIL_TIMEOUT or fail


class Inbox:
    """aiosmtpd handler: keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


class MailServer:
    """A real SMTP endpoint on 127.0.0.1:``port`` that the test switches between ``refuse``
    (greets with 554 and hangs up), ``hang`` (accepts the connection, never says a word) and
    ``accept`` (aiosmtpd, keeps every message in ``inbox``). ``connections`` counts the
    connections that reached it."""

    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self.connections = 0
        self._listener = self._thread = self._controller = None
        self._stop = threading.Event()
        self._held = []

    def switch(self, mode):
        self.stop()
        if mode == "accept":
            self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
            self._controller.start()
            return
        self._stop.clear()
        self._listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self._listener.settimeout(0.1)
        self._thread = threading.Thread(target=self._serve, args=(mode,), daemon=True)
        self._thread.start()

    def _serve(self, mode):
        while not self._stop.is_set():
            try:
                connection, _address = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            if mode == "refuse":
                connection.sendall(b"554 5.3.2 Service unavailable\r\n")
                connection.close()
            else:
                self._held.append(connection)  # never answered, closed at stop()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=5)
            self._listener.close()
            self._thread = self._listener = None
        for connection in self._held:
            connection.close()
        self._held.clear()


@pytest.fixture
def mail_server():
    server = MailServer(free_port(PORTS))
    yield server
    server.stop()


@pytest.fixture
def production_mail(settings, monkeypatch, mail_server):
    """This test process with production's mail settings (its module, read with the variables it
    insists on), the SMTP server pointed at ``mail_server`` and a short EMAIL_TIMEOUT."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("DATABASE_URL", "postgres://pressoffice@127.0.0.1:5432/pressoffice")
    monkeypatch.delenv("DJANGO_EMAIL_BACKEND", raising=False)
    monkeypatch.delenv("DATABASE_REPLICA_URLS", raising=False)
    module = importlib.import_module("pressoffice.settings.production")
    for name in dir(module):
        if name.startswith(("EMAIL_", "MAILER_")):
            setattr(settings, name, getattr(module, name))
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = mail_server.port
    settings.EMAIL_TIMEOUT = EMAIL_TIMEOUT
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_NOTIFY_INTERVAL = 0  # a digest for every comment: each one is counted
    return settings


def queue():
    """django-mailer's queue of unsent mail (imported here: on the code before the queue, the
    tests then fail on behaviour, not on collection)."""
    from mailer.models import Message

    return Message.objects


def run_mail_worker():
    """One round of what production runs: deferred mail back in line, then a pass of sending."""
    call_command("retry_deferred")
    call_command("send_mail")


def post_comment(article, text):
    started = time.monotonic()
    response = Client(raise_request_exception=False).post(
        f"{article.get_absolute_url()}comment/", form_data(article, comment=text)
    )
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_comments_never_wait_on_smtp_and_each_digest_arrives_once_the_server_is_back(
    production_mail, mail_server
):
    staff_member(MODERATORS, username="mod-mail", email="mod@example.ru")
    article = ArticleFactory()
    posts, workers = {}, {}

    for n, mode in enumerate(["refuse", "hang", "accept"], start=1):
        mail_server.switch(mode)
        before = mail_server.connections
        response, posts[mode] = post_comment(article, f"Комментарий номер {n}, сервер: {mode}.")
        assert response.status_code == 302, response.content.decode()[:500]
        assert posts[mode] < ANSWERS_WITHIN
        assert mail_server.connections == before  # the request never touched SMTP
        assert Comment.objects.count() == queue().count() == n
        assert mail_server.inbox.messages == []

        if mode != "accept":
            started = time.monotonic()
            run_mail_worker()  # every queued digest is tried, and kept when the server fails
            workers[mode] = time.monotonic() - started
            assert mail_server.connections - before == n
            assert workers[mode] < n * (EMAIL_TIMEOUT + 1)
            assert mail_server.inbox.messages == []
            assert queue().deferred().count() == n

    run_mail_worker()
    run_mail_worker()  # a second round sends nothing again
    delivered = [
        email.message_from_bytes(envelope.content) for envelope in mail_server.inbox.messages
    ]
    print(f"POST seconds by server mode: {posts}; worker seconds: {workers}")
    assert [envelope.rcpt_tos for envelope in mail_server.inbox.messages] == [
        ["mod@example.ru"]
    ] * 3
    assert [str(make_header(decode_header(mail["Subject"]))) for mail in delivered] == [
        "Комментарии ждут модерации: 1"
    ] * 3
    assert len({mail["Message-ID"] for mail in delivered}) == 3
    assert not queue().exists()
    assert not Comment.objects.filter(notified_at__isnull=True).exists()


@pytest.mark.django_db
def test_django_mail_to_admins_from_a_request_is_queued_not_sent(
    production_mail, mail_server, settings
):
    """A bad Host header makes Django mail the admins (django.security at ERROR): in the request,
    so a silent mail server held the worker. Now it waits in the queue."""
    settings.ADMINS = [("Admin", "webmaster@example.ru")]
    mail_server.switch("hang")
    started = time.monotonic()
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    assert elapsed < ANSWERS_WITHIN
    assert mail_server.connections == 0
    assert queue().count() == 1

    mail_server.switch("accept")
    run_mail_worker()
    delivered = mail_server.inbox.messages
    assert [envelope.rcpt_tos for envelope in delivered] == [["webmaster@example.ru"]]
    assert "Invalid HTTP_HOST header" in delivered[0].content.decode()


@pytest.mark.django_db
def test_the_queue_drops_mail_to_admins_quietly_while_the_database_is_down(production_mail):
    """Django mails the admins with fail_silently=True from a request's error logging: with the
    database down that must not raise through the friendly 503."""
    mail = EmailMessage("Ошибка на сайте", "Трассировка", to=["webmaster@example.ru"])
    with database_down():
        assert get_connection(fail_silently=True).send_messages([mail]) == 0
        with pytest.raises(OperationalError):
            get_connection().send_messages([mail])
    assert get_connection().send_messages([mail]) == 1
    assert queue().count() == 1
