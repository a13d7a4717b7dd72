import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from toolkit.images import PublicImageField, rendition
from toolkit.templatetags.urls import address_of
from toolkit.text import unique_slug

from .titles import acting_title


class PersonQuerySet(models.QuerySet):
    def public(self):
        """The people readers may see: everyone but those «Вставить текст» proposed and no
        one allowed to add people has confirmed yet."""
        return self.filter(is_confirmed=True)


class Person(models.Model):
    """An official whose words the office quotes."""

    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    patronymic = models.CharField("отчество", max_length=100, blank=True)
    slug = models.SlugField(
        "адрес",
        max_length=120,
        unique=True,
        blank=True,
        help_text="Оставьте пустым: адрес страницы будет составлен из имени и фамилии.",
    )
    photo = PublicImageField("фотография", upload_to="people/%Y/", blank=True)
    photo_160_webp = rendition("photo", 160, "WEBP", square=True)
    photo_320_webp = rendition("photo", 320, "WEBP", square=True)
    photo_160_jpeg = rendition("photo", 160, "JPEG", square=True)
    photo_320_jpeg = rendition("photo", 320, "JPEG", square=True)
    photo_alt = models.CharField(
        "описание фотографии",
        max_length=250,
        blank=True,
        help_text="Что на снимке, для незрячих читателей. Обязательно, если есть фотография.",
    )
    biography = models.TextField("краткая биография", blank=True)
    is_confirmed = models.BooleanField(
        "подтверждена",
        default=True,
        help_text="Персону, которую «Вставить текст» создал по тексту автора, читатели не видят, "
        "а материал с её цитатой не публикуется, пока редактор не проверит имя и должность "
        "и не отметит это поле.",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "персона"
        verbose_name_plural = "персоны"
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]
        constraints = [
            models.CheckConstraint(
                name="person_photo_has_alt",
                condition=models.Q(photo="") | ~models.Q(photo_alt=""),
                violation_error_message="Опишите фотографию для незрячих читателей.",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Person, f"{self.first_name} {self.last_name}", max_length=120, exclude_pk=self.pk
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address_of("people:person-detail", "slug")(self.slug)  # one reverse() per process

    @property
    def full_name(self):
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def display_name(self):
        """The house style of a quote's signature: «Дмитрий МИЛЯЕВ»."""
        return f"{self.first_name} {self.last_name.upper()}"

    @property
    def short_name(self):
        return f"{self.first_name} {self.last_name}"

    def appointment_on(self, date):
        """The appointment the person held on ``date``; the latest started if several."""
        if isinstance(date, datetime.datetime):
            date = timezone.localdate(date)
        held = [a for a in self._appointments() if a.covers(date)]
        return max(held, key=lambda a: a.starts_on, default=None)

    def title_on(self, date):
        """What the person was on ``date``, as a quote's signature shows it; "" if nothing."""
        appointment = self.appointment_on(date)
        return appointment.display_title if appointment else ""

    def current_appointment(self):
        return self.appointment_on(timezone.localdate())

    def _appointments(self):
        # Uses prefetched appointments when the caller prefetched them (lists of people).
        return self.appointments.all()


class Appointment(models.Model):
    """A post an official held from one date to another (``ends_on`` empty while current)."""

    person = models.ForeignKey(
        Person, verbose_name="персона", on_delete=models.CASCADE, related_name="appointments"
    )
    title = models.CharField(
        "должность",
        max_length=250,
        help_text="Как в подписи к цитате: «Губернатор Тульской области». "
        "Для временно исполняющих обязанности отметьте «врио», не меняя должность.",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name="регион",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    organisation = models.CharField("организация", max_length=250, blank=True)
    starts_on = models.DateField("с")
    ends_on = models.DateField("по", null=True, blank=True, help_text="Пусто, пока в должности.")
    acting = models.BooleanField(
        "врио", default=False, help_text="Временно исполняющий обязанности."
    )
    start_unverified = models.BooleanField(
        "дата не уточнена",
        default=False,
        help_text="Дата начала неизвестна: «Вставить текст» поставила день вставки. До "
        "уточнения должность подписывает и цитаты более ранних дат.",
    )

    class Meta:
        verbose_name = "назначение"
        verbose_name_plural = "назначения"
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["person", "starts_on"], name="appointment_person_idx")]
        constraints = [
            models.CheckConstraint(
                name="appointment_ends_after_start",
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                violation_error_message="Дата окончания не может быть раньше даты начала.",
            ),
        ]

    def __str__(self):
        return f"{self.display_title} ({self.period})"

    @property
    def display_title(self):
        return acting_title(self.title) if self.acting else self.title

    @property
    def period(self):
        start = self.starts_on.strftime("%d.%m.%Y")
        return f"с {start} по {self.ends_on:%d.%m.%Y}" if self.ends_on else f"с {start}"

    def covers(self, date):
        """Whether the post was held on ``date``. A start nobody has verified is the day the
        story was pasted, not the day of appointment: the post counts as held before it too,
        the best guess for a quote's signature until an editor gives the real date."""
        started = self.start_unverified or self.starts_on <= date
        return started and (self.ends_on is None or date <= self.ends_on)

    def overlaps(self, other):
        """Whether two periods share at least one day (both ends inclusive)."""
        return (other.ends_on is None or self.starts_on <= other.ends_on) and (
            self.ends_on is None or other.starts_on <= self.ends_on
        )

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Дата окончания не может быть раньше даты начала."})
        if self.person_id and self.starts_on and self.title:
            others = Appointment.objects.filter(person_id=self.person_id).exclude(pk=self.pk)
            check_no_overlap(self, others)


def same_title(a, b):
    return a.title.strip().casefold() == b.title.strip().casefold()


def check_no_overlap(appointment, others):
    """Refuse ``appointment`` if it overlaps another appointment of the person to the same title."""
    for other in others:
        if same_title(appointment, other) and appointment.overlaps(other):
            raise ValidationError(
                f"Назначение на должность «{appointment.title}» пересекается с уже внесённым "
                f"({other.period}). Исправьте даты одного из них."
            )
