"""Announcements of events (анонсы): what is coming, when and where, who takes part, whether the
media need accreditation, and afterwards the article that reports on it."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from toolkit.templatetags.urls import address_of
from toolkit.text import unique_slug

END_BEFORE_START = "Окончание не может быть раньше начала."


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        """Not over yet (coming or going on now), soonest first: what readers should see."""
        return self.filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        """Over, latest first."""
        return self.filter(ends_at__lte=timezone.now()).order_by("-starts_at", "-pk")

    def in_region(self, region):
        """Events of ``region`` and, for a federal district, of its subjects (as its news).
        ``region`` is a Region, or the ids its ``with_subjects()`` gives."""
        with_subjects = getattr(region, "with_subjects", None)
        ids = with_subjects() if with_subjects else list(region)
        tagged = self.model.regions.through.objects.filter(event=OuterRef("pk"), region__in=ids)
        return self.filter(Exists(tagged))

    def for_lists(self):
        """What a list of announcements shows, in a fixed number of queries."""
        return self.select_related("report").prefetch_related("regions")


class Event(models.Model):
    """An announcement: an event the press office invites the media and readers to."""

    uid = models.UUIDField(
        "идентификатор для календарей", default=uuid.uuid4, unique=True, editable=False
    )
    title = models.CharField(
        "название", max_length=250, help_text="Как в заголовке анонса: «Губернатор вручит премии»."
    )
    slug = models.SlugField(
        "адрес страницы", max_length=120, unique=True, blank=True,
        help_text="Оставьте пустым: адрес будет составлен из названия латиницей.",
    )  # fmt: skip
    starts_at = models.DateTimeField(
        "начало", help_text="Время местное (часовой пояс пресс-службы)."
    )
    ends_at = models.DateTimeField(
        "окончание",
        help_text="Не раньше начала. Анонс виден на главной странице, пока событие не закончилось.",
    )
    place = models.CharField(
        "место", max_length=250, help_text="Например, «Дом правительства, зал заседаний»."
    )
    address = models.CharField(
        "адрес места", max_length=250, blank=True,
        help_text="Город, улица, дом: его покажут календари читателей.",
    )  # fmt: skip
    description = models.TextField("описание", blank=True, help_text="Простой текст, без разметки.")
    participants = models.TextField(
        "участники",
        blank=True,
        help_text="Кто участвует, свободным текстом: например, «руководители муниципальных "
        "образований». Должностных лиц из справочника выберите ниже.",
    )
    people = models.ManyToManyField(
        "people.Person", verbose_name="должностные лица", blank=True, related_name="events"
    )
    accreditation_required = models.BooleanField(
        "нужна аккредитация",
        default=False,
        help_text="Отметьте, если журналистам нужна аккредитация пресс-службы.",
    )
    accreditation_note = models.CharField(
        "об аккредитации", max_length=300, blank=True,
        help_text="Например, «Заявки до 12:00 10 декабря по телефону пресс-службы».",
    )  # fmt: skip
    regions = models.ManyToManyField(
        "regions.Region", verbose_name="регионы", blank=True, related_name="events"
    )
    report = models.ForeignKey(
        "articles.Article",
        verbose_name="материал о событии",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_events",
        help_text="Когда событие прошло: материал, который о нём рассказывает. Читатели увидят "
        "ссылку, как только материал опубликован.",
    )
    sequence = models.PositiveIntegerField("номер правки", default=0, editable=False)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "анонс"
        verbose_name_plural = "анонсы"
        ordering = ["-starts_at", "-pk"]
        indexes = [
            # upcoming(): over or not, soonest first; past(): latest first.
            models.Index(fields=["ends_at", "starts_at"], name="event_ends_starts_idx"),
            models.Index(fields=["-starts_at", "-id"], name="event_starts_desc_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="event_ends_not_before_start",
                condition=Q(ends_at__gte=F("starts_at")),
                violation_error_message=END_BEFORE_START,
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Event, self.title, max_length=120, exclude_pk=self.pk)
        if self.pk is not None:
            # RFC 5545's SEQUENCE: calendar programs take a higher number as a newer version.
            self.sequence += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address_of("events:event-detail", "slug")(self.slug)  # one reverse() per process

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": END_BEFORE_START})

    @property
    def location(self):
        """Place and address in one line, as calendars show it."""
        return ", ".join(part for part in (self.place, self.address) if part)

    @property
    def is_over(self):
        return self.ends_at <= timezone.now()

    @property
    def is_on(self):
        return self.starts_at <= timezone.now() < self.ends_at

    @property
    def public_report(self):
        """The report article once readers may see it, else None."""
        report = self.report
        return report if report is not None and report.is_public else None
