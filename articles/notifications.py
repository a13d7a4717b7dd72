"""Mail about the editorial flow: editors hear of a submission, the author of a return (with
the reason) and of a publication.

Each message is a row of django-mailer's queue written in the transaction of the move (see
pressoffice/mail.py): a move rolled back leaves no mail, and the mail worker, not the request,
talks to the mail server. Nobody is told of their own action, and a move never fails for want
of an address or of the queue.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from mailer import send_mail as queue_mail

from . import workflow

logger = logging.getLogger(__name__)


def editors():
    """Active staff who may publish (workflow.may_publish) and have an address."""
    return (
        get_user_model()
        .objects.with_perm(
            workflow.PUBLISH_PERMISSION, backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_staff=True)
        .exclude(email="")
    )


def _recipients(article, action, by):
    if action == "submit":
        people = editors()
    elif action in ("return", "publish") and article.author_id:
        people = get_user_model().objects.filter(pk=article.author_id, is_active=True)
    else:
        return []
    return sorted(set(people.exclude(pk=by.pk).exclude(email="").values_list("email", flat=True)))


def _message(article, action, *, by, reason, request):
    link = request.build_absolute_uri(reverse("admin:articles_article_change", args=[article.pk]))
    title = f"«{article.title}»"
    if action == "submit":
        author = article.author or by
        return (
            f"На проверку: {title}",
            f"Материал {title} отправлен на проверку.\nАвтор: {author}.\n\n"
            f"Проверить и опубликовать: {link}\n",
        )
    if action == "return":
        why = f"Причина: {reason.strip()}" if reason.strip() else "Причина не указана."
        return (
            f"Возвращён на доработку: {title}",
            f"Редактор ({by}) вернул материал {title} на доработку.\n{why}\n\n"
            f"Открыть материал: {link}\n",
        )
    when = timezone.localtime(article.published_at)
    if article.is_scheduled:
        return (
            f"Запланирован: {title}",
            f"Материал {title} выйдет на сайте {when:%d.%m.%Y} в {when:%H:%M}.\n\n"
            f"Материал в редакции: {link}\n",
        )
    page = request.build_absolute_uri(article.get_absolute_url())
    return (
        f"Опубликован: {title}",
        f"Материал {title} опубликован {when:%d.%m.%Y} в {when:%H:%M}.\n\n"
        f"На сайте: {page}\nВ редакции: {link}\n",
    )


def announce(article, action, *, request, reason=""):
    """Queue the mail ``action`` (just applied to ``article`` by ``request.user``) calls for."""
    by = request.user
    recipients = _recipients(article, action, by)
    if not recipients:
        return 0
    subject, body = _message(article, action, by=by, reason=reason, request=request)
    try:
        with transaction.atomic():  # a savepoint: a failed insert spoils no move
            for address in recipients:  # one each: colleagues' addresses are not shared
                queue_mail(subject, body, None, [address])
    except DatabaseError:
        logger.warning("mail queue unavailable: no mail about article %s", article.pk)
        return 0
    return len(recipients)


def transition(article, action, *, request, reason=""):
    """``workflow.transition`` and its mail, in one transaction."""
    with transaction.atomic():
        workflow.transition(article, action, by=request.user, reason=reason)
        announce(article, action, request=request, reason=reason)
    return article
