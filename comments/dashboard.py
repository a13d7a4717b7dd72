"""The moderators' part of the newsroom's desk (articles/dashboard.py has the articles'):
the queue's size and longest wait on every admin page, and a panel of the comments that have
waited longest."""

from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.text import Truncator

from articles.dashboard import SHOWN, Item, Panel, waited
from articles.models import Article
from toolkit.templatetags.russian import count_of

from .models import Comment
from .moderation import queue_summary


def pending_comments(request):
    """The moderation queue's size and oldest comment for a moderator, None for other staff;
    counted once per request."""
    if not request.user.is_active or not request.user.has_perm("comments.moderate_comment"):
        return None
    if not hasattr(request, "_pending_comments"):
        request._pending_comments = queue_summary()
    return request._pending_comments


def remember_pending_comments(request, summary):
    """The queue's page counts the pending comments for its paginator anyway
    (comments/admin.py): that same summary serves pending_comments, instead of a second count
    of the same rows. Harmless for other staff, whom pending_comments answers None first."""
    request._pending_comments = summary


def moderation_panel(request, queue):
    """The queue's size and longest wait (counted for the page's title already), and the
    comments that have waited longest."""
    article = Article.objects.filter(pk=Cast(OuterRef("object_pk"), BigIntegerField()))
    oldest = (
        Comment.objects.pending()
        .annotate(article_title=Subquery(article.values("title")[:1]))
        .order_by("submit_date", "pk")
        .only("user_name", "comment", "submit_date")[:SHOWN]
    )
    items = [
        Item(
            Truncator(comment.comment).chars(90),
            reverse("admin:comments_comment_change", args=[comment.pk]),
            f"{comment.user_name} к «{Truncator(comment.article_title or '—').chars(40)}», "
            f"ждёт {waited(comment.submit_date)}",
        )
        for comment in oldest
    ]
    summary = ""
    if queue["count"]:
        summary = (
            f"{count_of(queue['count'], 'комментарий')} в очереди; дольше всех ждёт "
            f"{waited(queue['oldest'])}."
        )
    url = reverse("admin:comments_comment_changelist") + "?status=pending"
    hint = "комментарии в очереди, самые давние первыми"
    return Panel("moderation", "Ждут модерации", items, queue["count"], url, hint,
                 "Очередь пуста.", summary)  # fmt: skip
