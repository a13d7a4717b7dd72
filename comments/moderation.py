"""Moderation: the only code that makes a comment public, hides or rejects it."""

import functools
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from mailer import send_mail as queue_mail

from articles.cached_pages import articles_changed
from articles.models import Article

from .models import Comment, CommentQuerySet, CommentReport, ModerationDecision, StopWord

PENDING_COUNT = "comments_pendingcount"  # kept by PostgreSQL (migrations/0006)

REJECT_REASONS = [
    "Оскорбления или грубость",
    "Спам или реклама",
    "Не по теме материала",
    "Персональные данные других людей",
    "Призывы к нарушению закона",
]

LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:ru|рф|com|net|org|su|info|io)\b", re.I)
WORD = re.compile(r"[\w-]+")


def hold_reason(text):
    """Why a new comment needs a closer look; "" when nothing stands out."""
    reasons = []
    links = len(LINK.findall(text))
    if links > settings.COMMENTS_MAX_LINKS:
        reasons.append(f"ссылок: {links}")
    words = {word.lower() for word in WORD.findall(text)}
    found = sorted(words & set(StopWord.objects.values_list("word", flat=True)))
    if found:
        reasons.append("стоп-слова: " + ", ".join(found))
    return "; ".join(reasons)


def refresh_comment_counts(article_ids):
    """Store each article's number of approved comments, which article lists show; one query."""
    approved = (
        Comment.objects.approved()
        .filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_pk=Cast(OuterRef("pk"), CharField()),
        )
        .order_by()
        .values("object_pk")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ids = {int(pk) for pk in article_ids}
    Article.objects.filter(pk__in=ids).update(comment_count=Coalesce(Subquery(approved), 0))
    articles_changed(ids)


@transaction.atomic
def decide(comments, *, action, moderator, reason=""):
    """Approve or reject ``comments`` (a queryset) in bulk; every decision is logged."""
    ids = list(comments.values_list("pk", flat=True))
    if not ids:
        return 0
    targets = Comment.objects.filter(pk__in=ids)
    if action == ModerationDecision.Action.APPROVE:
        targets.update(is_public=True, is_removed=False)
    else:
        targets.update(is_public=False, is_removed=True)
    ModerationDecision.objects.bulk_create(
        ModerationDecision(comment_id=pk, moderator=moderator, action=action, reason=reason)
        for pk in ids
    )
    refresh_comment_counts(targets.values_list("object_pk", flat=True).distinct())
    return len(ids)


def report(comment, *, reporter):
    """Record a reader's complaint; hide the comment when enough distinct readers complain.

    Returns False when this reader had already reported this comment.
    """
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reporter=reporter)
    except IntegrityError:
        return False
    count = CommentReport.objects.filter(comment=comment).count()
    Comment.objects.filter(pk=comment.pk).update(report_count=count)
    if count >= settings.COMMENTS_REPORTS_TO_HIDE and comment.is_public:
        with transaction.atomic():
            Comment.objects.filter(pk=comment.pk).update(
                is_public=False, hold_reason=f"жалоб читателей: {count}"
            )
            ModerationDecision.objects.create(
                comment=comment, action=ModerationDecision.Action.HIDE, reason=f"жалоб: {count}"
            )
        refresh_comment_counts([comment.object_pk])
    return True


def pending_rows():
    """The pending comments on django_comments alone, without the two joined tables of the
    model's inheritance: what the queue's count and summary need."""
    from django_comments.models import Comment as BaseComment

    return CommentQuerySet(BaseComment).pending()


def queue_summary():
    """How many comments wait for a moderator, and since when the oldest: one query.

    On PostgreSQL the number is the one triggers keep in ``comments_pendingcount``
    (migrations/0006), exact in every transaction, and the oldest is the first entry of the
    partial index comment_pending_queue_idx (0002): counting that index read every waiting
    comment, 4 to 7 ms of the database's CPU at 50,000 waiting, on every admin page a moderator
    opens. Elsewhere (SQLite) ``COUNT(*)`` and ``MIN(submit_date)`` over that index, never
    COUNT(id), which fetched every waiting row from the table. The queue page gets it from its
    own paginator's count (comments/admin.py)."""
    if connection.vendor != "postgresql":
        return pending_rows().aggregate(count=Count("*"), oldest=Min("submit_date"))
    with connection.cursor() as cursor:
        cursor.execute(*_summary_sql())
        count, oldest = cursor.fetchone()
    return {"count": count, "oldest": oldest}


@functools.cache
def _summary_sql():
    """The summary's SQL, the same on every page: written once per process."""
    oldest = pending_rows().order_by("submit_date").values("submit_date")[:1]
    sql, params = oldest.query.sql_with_params()
    return f"SELECT (SELECT pending FROM {PENDING_COUNT} WHERE id = 1), ({sql})", params


def moderators():
    """Active staff who hold the moderation permission and have an email address."""
    holds = Q(groups__permissions__codename="moderate_comment") | Q(
        user_permissions__codename="moderate_comment"
    )
    return (
        get_user_model()
        .objects.filter(holds | Q(is_superuser=True), is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
    )


@transaction.atomic
def notify_moderators(*, force=False):
    """Queue a digest for moderators about pending comments they have not heard of: one at most
    every COMMENTS_NOTIFY_INTERVAL seconds, however many comments arrive.

    Only a row of the mail queue is written, in the transaction that marks the comments as
    announced; the mail worker sends it, so a mail server that refuses or never answers holds
    up no request.
    """
    now = timezone.now()
    last = Comment.objects.aggregate(last=Max("notified_at"))["last"]
    if not force and last and (now - last).total_seconds() < settings.COMMENTS_NOTIFY_INTERVAL:
        return 0
    recipients = list(moderators().values_list("email", flat=True))
    if not recipients:
        return 0
    # The update claims the comments: a concurrent request's update waits for this transaction
    # and then finds them announced, so no comment is in two digests.
    count = Comment.objects.pending().filter(notified_at__isnull=True).update(notified_at=now)
    if not count:
        return 0
    announced = Comment.objects.pending().filter(notified_at=now)
    oldest = announced.aggregate(oldest=Min("submit_date"))["oldest"]
    queue = reverse("admin:comments_comment_changelist") + "?status=pending"
    queue_mail(
        subject=f"Комментарии ждут модерации: {count}",
        message=(
            f"Новых комментариев на модерации: {count}.\n"
            f"Самый давний ждёт с {timezone.localtime(oldest):%d.%m.%Y %H:%M}.\n\n"
            f"Очередь: {queue}\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
    return count
