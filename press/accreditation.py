"""Accreditation requests: taking one from a journalist, answering it by e-mail.

The answer goes through the mail queue (pressoffice/mail.py, django-mailer) as the moderators'
digests do: the request only inserts a row, in the transaction that records the decision, and
the mail worker sends it.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from mailer import send_mail as queue_mail

from .models import AccreditationRequest

Status = AccreditationRequest.Status

VERDICTS = {
    Status.APPROVED: "Пресс-служба одобрила вашу заявку на аккредитацию.",
    Status.REFUSED: "К сожалению, пресс-служба не может аккредитовать вас по этой заявке.",
}


def submit(form):
    """A new request from a valid AccreditationForm; consent is recorded with it."""
    data = form.cleaned_data
    now = timezone.now()
    return AccreditationRequest.objects.create(
        outlet=data["outlet"],
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        event=data["event"],
        created_at=now,
        consent_at=now,
        policy_version=settings.PERSONAL_DATA_POLICY_VERSION,
    )


@transaction.atomic
def answer(requests, *, status, staff, reply=""):
    """Decide the waiting ones among ``requests`` (a queryset) and queue a letter to each
    journalist. Requests already answered are left as they are. Returns how many were answered.
    """
    if status not in VERDICTS:
        raise ValueError(f"Not a decision: {status!r}")
    now = timezone.now()
    # Locked and re-read: two press officers deciding at once answer each request once. Only
    # the requests' own rows: the admin's queryset joins who answered (a nullable relation),
    # and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    waiting = list(requests.waiting().select_for_update(of=("self",)).order_by("pk"))
    for request in waiting:
        request.status = status
        request.reply = reply.strip()
        request.answered_at = now
        request.answered_by = staff
        request.save(update_fields=["status", "reply", "answered_at", "answered_by"])
        queue_mail(
            subject=f"Аккредитация: {request.event}"[:200],
            message=letter(request),
            from_email=None,
            recipient_list=[request.email],
        )
    return len(waiting)


def letter(request):
    lines = [
        f"Здравствуйте, {request.name}!",
        "",
        VERDICTS[request.status],
        f"Издание: {request.outlet}.",
        f"Мероприятие или период: {request.event}.",
    ]
    if request.reply:
        lines += ["", request.reply]
    lines += ["", f"{settings.SITE_NAME}"]
    return "\n".join(lines) + "\n"
