"""Shared by the comment tests: a valid form submission, built the way the page builds it;
comments approved or waiting; the moderators' queue."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article
from comments.forms import CommentForm
from comments.models import Comment


def form_data(article, **overrides):
    """What the article page's form sends when a reader fills it in."""
    security = CommentForm(article).generate_security_data()
    data = {
        **security,
        "name": "Иван Петров",
        "email": "ivan.petrov@example.ru",
        "comment": "Хорошая новость для промышленности региона.",
        "consent": "on",
        "reply_to": "",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def approved_comment(article, *, parent=None, **fields):
    """An approved comment (or reply), saved as the post view saves one, then approved."""
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_pk=str(article.pk),
        site_id=1,
        user_name=fields.pop("user_name", "Читатель"),
        user_email=fields.pop("user_email", "reader@example.ru"),
        comment=fields.pop("comment", "Текст комментария."),
        submit_date=fields.pop("submit_date", timezone.now()),
        is_public=True,
        parent_id=parent.pk if parent else 0,
        **fields,
    )
    comment.refresh_from_db()
    return comment


QUEUE = "/admin/comments/comment/?status=pending"  # the moderators' queue


def pending(article, text="Ждёт проверки", **fields):
    """A comment waiting for a moderator."""
    comment = approved_comment(article, comment=text, **fields)
    Comment.objects.filter(pk=comment.pk).update(is_public=False)
    comment.refresh_from_db()
    return comment
