"""Reader comments: django-comments-xtd's threaded comment plus what pre-moderation needs."""

from django.conf import settings
from django.db import models
from django_comments_xtd.models import XtdComment


class Status(models.TextChoices):
    """A comment's status. xtd keeps it in two flags; STATUS_FLAGS is the one place that says
    which flags make which status, for queries and for a comment in hand alike."""

    PENDING = "pending", "ждёт проверки"  # new, or hidden after readers' reports
    APPROVED = "approved", "одобрен"  # what readers see
    REJECTED = "rejected", "отклонён"


STATUS_FLAGS = {
    Status.PENDING: {"is_public": False, "is_removed": False},
    Status.APPROVED: {"is_public": True, "is_removed": False},
    Status.REJECTED: {"is_removed": True},
}

# STATUS_FLAGS read the other way, once: the status of a comment's (is_public, is_removed).
# A list of the moderators' queue asks three times per row.
STATUS_OF_FLAGS = {
    (public, removed): next(
        status
        for status, flags in STATUS_FLAGS.items()
        if flags.get("is_public", public) == public and flags.get("is_removed", removed) == removed
    )
    for public in (False, True)
    for removed in (False, True)
}


class CommentQuerySet(models.QuerySet):
    def with_status(self, status):
        return self.filter(**STATUS_FLAGS[status])

    def approved(self):
        """What readers see."""
        return self.with_status(Status.APPROVED)

    def pending(self):
        """Waiting for a moderator: new, or hidden after readers' reports."""
        return self.with_status(Status.PENDING)


class Comment(XtdComment):
    """A reader's comment. New comments are never public until a moderator approves them."""

    xtdcomment_ptr = models.OneToOneField(
        XtdComment,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="reader_comment",  # the default, "comment", is taken by the text field
    )
    consent_at = models.DateTimeField("согласие на обработку персональных данных", null=True)
    policy_version = models.CharField("версия политики", max_length=50, blank=True)
    hold_reason = models.CharField("причина проверки", max_length=200, blank=True)
    report_count = models.PositiveIntegerField("жалоб", default=0)
    notified_at = models.DateTimeField("модераторы оповещены", null=True, blank=True)
    is_official = models.BooleanField(
        "официальный ответ",
        default=False,
        help_text="Ответ пресс-службы из редакции: на сайте с отметкой «Официальный ответ». "
        "Ставится только при ответе модератора, никогда по имени автора.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "комментарий"
        verbose_name_plural = "комментарии"
        permissions = [("moderate_comment", "Может модерировать комментарии")]
        indexes = [models.Index(fields=["notified_at"], name="comment_notified_idx")]

    def __str__(self):
        return f"{self.name}: {self.comment[:50]}"

    Status = Status

    @property
    def status(self):
        return STATUS_OF_FLAGS[self.is_public, self.is_removed]


class CommentReport(models.Model):
    """A reader's complaint («Пожаловаться»); one per reader and comment."""

    comment = models.ForeignKey(
        Comment, verbose_name="комментарий", on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.CharField("кто", max_length=64, help_text="Обезличенный отпечаток читателя.")
    created_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "жалоба"
        verbose_name_plural = "жалобы"
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader")
        ]

    def __str__(self):
        return f"Жалоба на комментарий {self.comment_id}"


class ModerationDecision(models.Model):
    """Who decided what about a comment, and when: the moderation log."""

    class Action(models.TextChoices):
        APPROVE = "approve", "одобрен"
        REJECT = "reject", "отклонён"
        HIDE = "hide", "скрыт по жалобам"

    comment = models.ForeignKey(
        Comment, verbose_name="комментарий", on_delete=models.CASCADE, related_name="decisions"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="модератор",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    action = models.CharField("решение", max_length=10, choices=Action.choices)
    reason = models.CharField("причина", max_length=200, blank=True)
    created_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "решение модератора"
        verbose_name_plural = "журнал модерации"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="decision_newest_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: комментарий {self.comment_id}"


class StopWord(models.Model):
    """A word that sends a comment to moderation with a warning."""

    word = models.CharField("слово", max_length=100, unique=True)

    class Meta:
        verbose_name = "стоп-слово"
        verbose_name_plural = "стоп-слова"
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().lower()
        super().save(*args, **kwargs)
