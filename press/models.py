"""The media's side of the site («Для СМИ»): the press service's contacts and hours, the rules
of re-publication, the office's official channels, and journalists' accreditation requests."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

PHONE = re.compile(r"^\+?[\d\s()\-]+$")
BAD_PHONE = (
    "Проверьте номер телефона: от 10 до 15 цифр; кроме цифр — только пробелы, скобки, дефисы "
    "и «+» в начале."
)


def validate_phone(value):
    """A phone number as people write it (+7 (8422) 41-20-00), with 10 to 15 digits."""
    digits = re.sub(r"\D", "", value)
    if not PHONE.match(value) or not 10 <= len(digits) <= 15:
        raise ValidationError(BAD_PHONE, code="invalid")


def phone_uri(value):
    """The ``tel:`` address of a number written for people: +78422412000."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("8") and len(digits) == 11:  # the Russian trunk prefix: 8 → +7
        digits = "7" + digits[1:]
    return f"tel:+{digits}"


class Contact(models.Model):
    """Someone journalists may call or write to: a person of the press service or its desk."""

    name = models.CharField(
        "имя или служба", max_length=200,
        help_text="Как обращаться: «Ирина Петрова» или «Приёмная пресс-службы».",
    )  # fmt: skip
    role = models.CharField(
        "должность или назначение", max_length=200, blank=True,
        help_text="«Руководитель пресс-службы», «Аккредитация СМИ». Поисковики показывают её "
        "как назначение контакта.",
    )  # fmt: skip
    phone = models.CharField(
        "телефон", max_length=40, blank=True, validators=[validate_phone],
        help_text="С кодом города, как его набирают: +7 (8422) 41-20-00.",
    )  # fmt: skip
    email = models.EmailField("электронная почта", blank=True)
    position = models.PositiveSmallIntegerField(
        "порядок", default=0, help_text="Контакты с меньшим числом показываются выше."
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "контакт пресс-службы"
        verbose_name_plural = "контакты пресс-службы"
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="press_contact_reachable",
                violation_error_message="Укажите телефон или адрес электронной почты.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def phone_uri(self):
        return phone_uri(self.phone) if self.phone else ""


class Weekday(models.IntegerChoices):
    MONDAY = 1, "понедельник"
    TUESDAY = 2, "вторник"
    WEDNESDAY = 3, "среда"
    THURSDAY = 4, "четверг"
    FRIDAY = 5, "пятница"
    SATURDAY = 6, "суббота"
    SUNDAY = 7, "воскресенье"


SHORT_DAYS = {1: "пн", 2: "вт", 3: "ср", 4: "чт", 5: "пт", 6: "сб", 7: "вс"}
# schema.org's DayOfWeek, in the order of Weekday.
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class OfficeHours(models.Model):
    """When the press service answers: a run of weekdays with its hours (пн–чт 9:00–18:00)."""

    first_day = models.PositiveSmallIntegerField("с", choices=Weekday.choices)
    last_day = models.PositiveSmallIntegerField(
        "по", choices=Weekday.choices, help_text="Тот же день, если часы относятся к одному дню."
    )
    opens = models.TimeField("начало")
    closes = models.TimeField("окончание")

    class Meta:
        ordering = ["first_day", "opens"]
        verbose_name = "интервал часов работы"
        verbose_name_plural = "часы работы пресс-службы"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="press_hours_days_in_order",
                violation_error_message="День окончания не может быть раньше дня начала.",
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="press_hours_in_order",
                violation_error_message="Время окончания должно быть позже времени начала.",
            ),
        ]

    def __str__(self):
        return f"{self.days_label} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def days_label(self):
        first, last = SHORT_DAYS[self.first_day], SHORT_DAYS[self.last_day]
        return first if first == last else f"{first}–{last}"

    @property
    def schema_days(self):
        return SCHEMA_DAYS[self.first_day - 1 : self.last_day]


class RepublicationRules(models.Model):
    """The rules of re-publication of the site's texts and photos: one text, edited in place."""

    text = models.TextField(
        "правила",
        help_text="Обычный текст; абзацы разделяйте пустой строкой. Показывается в разделе "
        "«Для СМИ».",
    )
    updated_at = models.DateTimeField("изменены", auto_now=True)

    class Meta:
        verbose_name = "правила перепечатки"
        verbose_name_plural = "правила перепечатки"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="press_rules_single")]

    def __str__(self):
        return "Правила перепечатки материалов"

    def save(self, *args, **kwargs):
        self.pk = 1  # there is one text of the rules
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).first()


class Channel(models.Model):
    """An official account of the office on a social network, linked from every page."""

    class Kind(models.TextChoices):
        TELEGRAM = "telegram", "Telegram"
        VK = "vk", "ВКонтакте"
        OK = "ok", "Одноклассники"

    HOSTS = {
        Kind.TELEGRAM: {"t.me", "telegram.me"},
        Kind.VK: {"vk.com", "vk.ru", "m.vk.com"},
        Kind.OK: {"ok.ru", "m.ok.ru"},
    }

    kind = models.CharField(
        "сеть", max_length=20, choices=Kind.choices, unique=True,
        error_messages={"unique": "Канал в этой сети уже указан: измените его адрес."},
    )  # fmt: skip
    url = models.URLField(
        "адрес", max_length=300,
        help_text="Адрес официального канала или группы, например https://t.me/название.",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        ordering = ["position", "kind"]
        verbose_name = "официальный канал"
        verbose_name_plural = "официальные каналы"

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        parts = urlsplit(self.url or "")
        hosts = self.HOSTS.get(self.kind)
        if not self.url or not hosts:
            return
        if parts.scheme != "https":
            raise ValidationError({"url": "Адрес должен начинаться с https://."})
        host = (parts.hostname or "").removeprefix("www.")
        if host not in hosts or parts.path.strip("/") == "":
            allowed = ", ".join(sorted(hosts))
            raise ValidationError(
                {"url": f"Это не адрес канала в сети «{self.get_kind_display()}»: "
                        f"ожидается https://{sorted(hosts)[0]}/название (сайты: {allowed})."}
            )  # fmt: skip


class AccreditationRequestQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=AccreditationRequest.Status.NEW)


class AccreditationRequest(models.Model):
    """A journalist's request to be accredited for an event or a period; holds personal data,
    seen only by the press officers (pressoffice/roles.py)."""

    class Status(models.TextChoices):
        NEW = "new", "Новая"
        APPROVED = "approved", "Одобрена"
        REFUSED = "refused", "Отклонена"

    outlet = models.CharField("издание", max_length=200)
    name = models.CharField("имя и фамилия", max_length=200)
    # Checked by the form, which takes addresses in Cyrillic as the comment form does.
    email = models.CharField("электронная почта", max_length=254)
    phone = models.CharField("телефон", max_length=40)
    event = models.CharField("мероприятие или период", max_length=500)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField("получена", default=timezone.now)
    # 152-FZ: when consent was given and to which edition of the policy.
    consent_at = models.DateTimeField("согласие на обработку данных")
    policy_version = models.CharField("редакция политики", max_length=50)
    reply = models.TextField(
        "ответ журналисту", blank=True,
        help_text="Отправляется письмом вместе с решением; можно оставить пустым.",
    )  # fmt: skip
    answered_at = models.DateTimeField("ответ отправлен", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ответил", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    objects = AccreditationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "заявка на аккредитацию"
        verbose_name_plural = "заявки на аккредитацию"
        indexes = [models.Index(fields=["status", "-created_at"], name="press_accreditation_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="new", answered_at__isnull=True)
                | (~Q(status="new") & Q(answered_at__isnull=False)),
                name="press_accreditation_answered",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.outlet}: {self.event}"
