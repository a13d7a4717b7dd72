import datetime

import pytest
from django.core import mail
from django.utils import timezone

from comments.models import Comment, CommentReport, ModerationDecision
from comments.moderation import decide, notify_moderators, refresh_comment_counts
from pressoffice.roles import EDITORS, MODERATORS
from tests.comments.helpers import approved_comment, form_data
from tests.factories import ArticleFactory, staff_member

pytestmark = pytest.mark.django_db


def send_queued_mail():
    """What the mail worker does: one pass through the queue (into mail.outbox in tests)."""
    from django.core.management import call_command

    call_command("send_mail")


def report_from(client_ip, comment, client):
    return client.post(f"/comments/{comment.pk}/report/", REMOTE_ADDR=client_ip)


def test_report_page_asks_before_reporting(client, article):
    comment = approved_comment(article, comment="Грубость")
    html = client.get(f"/comments/{comment.pk}/report/").content.decode()
    assert "Пожаловаться на комментарий" in html and "Грубость" in html
    assert 'name="robots" content="noindex"' in html
    assert not CommentReport.objects.exists()


def test_reports_from_distinct_readers_hide_the_comment_until_reviewed(client, article, settings):
    settings.COMMENTS_REPORTS_TO_HIDE = 3
    comment = approved_comment(article, comment="Оскорбительный текст")
    refresh_comment_counts([article.pk])
    for ip in ["10.0.0.1", "10.0.0.1", "10.0.0.2"]:
        response = report_from(ip, comment, client)
        assert response.status_code == 302
        assert "report=sent" in response["Location"]
    comment.refresh_from_db()
    assert comment.is_public and comment.report_count == 2
    report_from("10.0.0.3", comment, client)
    comment.refresh_from_db()
    assert not comment.is_public and not comment.is_removed
    assert "жалоб читателей: 3" in comment.hold_reason
    assert Comment.objects.pending().get() == comment
    assert ModerationDecision.objects.get().action == "hide"
    article.refresh_from_db()
    assert article.comment_count == 0
    assert "Оскорбительный текст" not in client.get(article.get_absolute_url()).content.decode()


def test_reporters_are_not_stored_as_plain_ip_addresses(client, article):
    comment = approved_comment(article)
    report_from("10.1.2.3", comment, client)
    assert "10.1.2.3" not in CommentReport.objects.get().reporter


def test_only_approved_comments_can_be_reported(client, article):
    comment = approved_comment(article)
    Comment.objects.filter(pk=comment.pk).update(is_public=False)
    assert client.get(f"/comments/{comment.pk}/report/").status_code == 404
    assert report_from("10.0.0.1", comment, client).status_code == 404
    assert client.post("/comments/999999/report/").status_code == 404


def test_reports_are_rate_limited(client, article, settings):
    settings.COMMENTS_REPORT_RATE = "2/h"
    comments = [approved_comment(article, comment=f"Текст {n}") for n in range(3)]
    assert report_from("10.0.0.9", comments[0], client).status_code == 302
    assert report_from("10.0.0.9", comments[1], client).status_code == 302
    response = report_from("10.0.0.9", comments[2], client)
    assert response.status_code == 429
    assert "Слишком много жалоб" in response.content.decode()
    assert CommentReport.objects.count() == 2


def test_report_needs_csrf(article):
    from django.test import Client

    comment = approved_comment(article)
    assert (
        Client(enforce_csrf_checks=True).post(f"/comments/{comment.pk}/report/").status_code == 403
    )
    assert not CommentReport.objects.exists()


def test_decide_logs_every_decision_and_keeps_counts(article):
    moderator = staff_member(MODERATORS, username="mod")
    pending = [approved_comment(article, comment=f"Мнение {n}") for n in range(3)]
    Comment.objects.update(is_public=False)
    decide(Comment.objects.filter(pk__in=[c.pk for c in pending[:2]]), action="approve",
           moderator=moderator)  # fmt: skip
    decide(Comment.objects.filter(pk=pending[2].pk), action="reject", moderator=moderator,
           reason="Спам или реклама")  # fmt: skip
    article.refresh_from_db()
    assert article.comment_count == 2
    assert Comment.objects.approved().count() == 2
    assert Comment.objects.filter(is_removed=True).count() == 1
    log = ModerationDecision.objects.order_by("pk")
    assert [(d.action, d.moderator, d.reason) for d in log] == [
        ("approve", moderator, ""), ("approve", moderator, ""),
        ("reject", moderator, "Спам или реклама"),
    ]  # fmt: skip


def test_approving_100_comments_runs_as_many_queries_as_approving_one(
    article, django_assert_num_queries
):
    """Bulk updates, not a save (and xtd's pre_save signal) per comment or per article."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    approved_comment(article, comment="Первое")
    Comment.objects.update(is_public=False)
    with CaptureQueriesContext(connection) as one:
        decide(Comment.objects.pending(), action="approve", moderator=None)
    others = [ArticleFactory() for _ in range(10)]
    for n in range(100):
        approved_comment(others[n % 10], comment=f"Мнение {n}")
    Comment.objects.update(is_public=False)
    with django_assert_num_queries(len(one)):
        assert decide(Comment.objects.pending(), action="approve", moderator=None) == 101


def test_moderators_get_one_digest_not_a_mail_per_comment(client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE = "100/m"
    staff_member(MODERATORS, username="mod", email="mod@example.ru")
    staff_member(EDITORS, username="ed", email="editor@example.ru")
    for n in range(5):
        data = form_data(article, comment=f"Мнение номер {n}")
        assert client.post(f"/news/{article.slug}/comment/", data).status_code == 302
    assert mail.outbox == []  # requests only queue: the mail worker sends
    send_queued_mail()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mod@example.ru"]
    assert "Комментарии ждут модерации: 1" in mail.outbox[0].subject

    # After the interval, the next comment brings a digest of everything not yet announced.
    Comment.objects.update(notified_at=timezone.now() - datetime.timedelta(hours=1))
    Comment.objects.filter(pk__in=Comment.objects.order_by("-pk").values("pk")[:4]).update(
        notified_at=None
    )
    data = form_data(article, comment="Ещё одно мнение")
    client.post(f"/news/{article.slug}/comment/", data)
    send_queued_mail()
    assert len(mail.outbox) == 2
    assert "Комментарии ждут модерации: 5" in mail.outbox[1].subject
    assert "ivan.petrov@example.ru" not in mail.outbox[1].body
    assert notify_moderators(force=True) == 0


def test_queue_opens_on_pending_comments_oldest_first(client, article):
    moderator = staff_member(MODERATORS, username="mod")
    client.force_login(moderator)
    now = timezone.now()
    newer = approved_comment(
        article, comment="Новее", submit_date=now - datetime.timedelta(hours=1)
    )
    older = approved_comment(
        article, comment="Старше", submit_date=now - datetime.timedelta(days=1)
    )
    approved_comment(article, comment="Уже одобрен")
    Comment.objects.filter(pk__in=[newer.pk, older.pk]).update(is_public=False)

    response = client.get("/admin/comments/comment/")
    assert response.status_code == 302
    assert response["Location"].endswith("?status=pending")
    response = client.get(response["Location"])
    html = response.content.decode()
    assert response.context["cl"].result_count == 2
    assert html.index("Старше") < html.index("Новее")
    assert "Уже одобрен" not in html
    assert "reader@example.ru" in html  # staff see the email; the public never does


def test_notify_command_flushes_what_the_interval_held_back(article, capsys):
    from django.core.management import call_command

    staff_member(MODERATORS, username="mod", email="mod@example.ru")
    approved_comment(article)
    Comment.objects.update(is_public=False, notified_at=None)
    approved_comment(article, comment="Уже объявлен")
    Comment.objects.filter(comment="Уже объявлен").update(
        is_public=False, notified_at=timezone.now()
    )
    call_command("notify_moderators")
    send_queued_mail()
    assert len(mail.outbox) == 1
    assert "Комментарии ждут модерации: 1" in mail.outbox[0].subject
    assert "на модерации: 1" in capsys.readouterr().out
    assert not Comment.objects.filter(notified_at__isnull=True).exists()
