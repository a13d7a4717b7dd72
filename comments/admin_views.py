"""One comment's decision and the press office's reply, posted from a row of the queue or from
the comment's page. Both forms live inside the admin's own form (forms cannot nest), so their
buttons post it here with ``formaction``; only this comment's fields are read."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Comment, ModerationDecision
from .moderation import REJECT_REASONS, decide
from .names import OFFICE_NAME

QUEUE = "admin:comments_comment_changelist"
NEXT_PENDING = "next-pending"  # «next» from the comment page: the oldest comment still waiting
Action = ModerationDecision.Action


def moderators_only(view):
    """POST only, for staff with the moderation permission (the admin adds login and CSRF)."""

    @require_POST
    def wrapped(request, pk):
        if not request.user.has_perm("comments.moderate_comment"):
            raise PermissionDenied
        return view(request, get_object_or_404(Comment, pk=pk))

    return wrapped


def back(request, comment, *, done=True):
    """Where the moderator came from: the queue as they left it, or (from the comment page)
    the next pending comment once this one is decided, else this comment again."""
    queue = reverse(QUEUE) + "?status=pending"
    target = request.GET.get("next", "")
    if target == NEXT_PENDING:
        if not done:
            return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[comment.pk]))
        following = Comment.objects.pending().exclude(pk=comment.pk).order_by("submit_date")
        following = following.values_list("pk", flat=True).first()
        if following is None:
            return HttpResponseRedirect(queue)
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[following]))
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    if safe and target.startswith(reverse(QUEUE)):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(queue)


def decided_meanwhile(comment):
    """«Комментарий № 5 уже одобрен модератором Олег Зуев в 17:02» for a comment whose status is
    no longer the one the moderator saw."""
    last = comment.decisions.select_related("moderator").first()
    who = ""
    if last is not None:
        name = last.moderator.get_full_name() or last.moderator.username if last.moderator else ""
        who = f" модератором {name}" if name else " автоматически"
        who += f" в {timezone.localtime(last.created_at):%H:%M}"
    return (
        f"Комментарий № {comment.pk} уже {comment.status.label}{who}; "
        "ваше решение не применено. Проверьте его и решите ещё раз, если нужно."
    )


@moderators_only
def decide_one(request, comment):
    decision = request.POST.get("decision")
    seen = request.POST.get(f"seen_{comment.pk}", "pending")
    if decision not in (Action.APPROVE, Action.REJECT):
        messages.error(request, "Не выбрано решение: нажмите «Одобрить» или «Отклонить».")
        return back(request, comment, done=False)
    if comment.status != seen:
        messages.warning(request, decided_meanwhile(comment))
        return back(request, comment, done=False)
    reason = ""
    if decision == Action.REJECT:
        reason = request.POST.get(f"reason_{comment.pk}", "")
        if reason not in REJECT_REASONS:
            messages.error(
                request, "Выберите причину отклонения в списке рядом с кнопкой «Отклонить»."
            )
            return back(request, comment, done=False)
    with transaction.atomic():
        # Locked and checked again: two moderators pressing at once decide once.
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.status != seen:
            messages.warning(request, decided_meanwhile(locked))
            return back(request, comment, done=False)
        decide(Comment.objects.filter(pk=comment.pk), action=decision, moderator=request.user,
               reason=reason)  # fmt: skip
    if decision == Action.APPROVE:
        messages.success(request, f"Комментарий № {comment.pk} одобрен и опубликован.")
    else:
        messages.success(request, f"Комментарий № {comment.pk} отклонён: {reason.lower()}.")
    return back(request, comment)


@moderators_only
def reply(request, parent):
    text = request.POST.get(f"reply_{parent.pk}", "").strip()
    refusal = None
    if not text:
        refusal = "Напишите текст ответа."
    elif len(text) > settings.COMMENTS_MAX_LENGTH:
        refusal = f"Ответ длиннее {settings.COMMENTS_MAX_LENGTH} знаков: сократите его."
    elif parent.status == "rejected":
        refusal = f"Комментарий № {parent.pk} отклонён: публично отвечать на него нельзя."
    elif parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        refusal = (
            f"Ответить на комментарий № {parent.pk} нельзя: обсуждение слишком глубокое. "
            "Ответьте на комментарий выше в этой ветке."
        )
    if refusal:
        messages.error(request, refusal)
        return back(request, parent, done=False)
    with transaction.atomic():
        approved_too = parent.status == "pending"
        if approved_too:  # an answer to an unpublished question makes no sense on the site
            decide(Comment.objects.filter(pk=parent.pk), action=Action.APPROVE,
                   moderator=request.user)  # fmt: skip
        official = Comment.objects.create(
            content_type_id=parent.content_type_id,
            object_pk=parent.object_pk,
            site_id=parent.site_id,
            user=request.user,
            user_name=OFFICE_NAME,
            user_email=request.user.email,
            comment=text,
            submit_date=timezone.now(),
            is_public=False,
            is_official=True,
            parent_id=parent.pk,
        )
        decide(Comment.objects.filter(pk=official.pk), action=Action.APPROVE,
               moderator=request.user)  # fmt: skip
    note = " Сам комментарий одобрен вместе с ответом." if approved_too else ""
    messages.success(
        request, f"Официальный ответ на комментарий № {parent.pk} опубликован на сайте.{note}"
    )
    return back(request, parent)
