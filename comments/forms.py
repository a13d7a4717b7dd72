"""The reader's comment form: every check that keeps bad input out, with Russian messages."""

import datetime
import re
import time

from django import forms
from django.conf import settings
from django.core.validators import EmailValidator
from django.forms.renderers import Jinja2
from django.utils import timezone
from django_comments.forms import CommentSecurityForm

from .closing import accepts_comments
from .models import Comment
from .names import clean_display_name, is_reserved

STALE = "Форма устарела. Обновите страницу и отправьте комментарий ещё раз."
BAD_EMAIL = "Проверьте адрес электронной почты: он записан с ошибкой."
# The local part of an internationalised address (RFC 6531): letters of any script, digits and
# the few signs RFC 5322 allows, dots only between them. Django's validator takes ASCII only.
_LOCAL_PART = re.compile(r"^[\w!#$%&'*+/=?^`{|}~-]+(\.[\w!#$%&'*+/=?^`{|}~-]+)*$")


def validate_email(value):
    """Any address Django takes, and ones with a local part in Cyrillic (иван@пример.рф)."""
    local, at, domain = value.rpartition("@")
    if not at or not local or len(local) > 64 or not _LOCAL_PART.match(local):
        raise forms.ValidationError(BAD_EMAIL, code="invalid")
    # The domain as Django checks it (IDN included), with a plain local part in its place.
    EmailValidator(message=BAD_EMAIL)(f"x@{domain}")


def fresh_security_fields(content_type, object_pk):
    """The form's signed timestamp and hash as of now, for a page served from the cache: the
    "too fast" and "too old" checks then count from when the reader got the page."""
    timestamp = str(int(time.time()))
    # CommentSecurityForm.generate_security_hash uses nothing of the form but its arguments.
    signed = CommentSecurityForm.generate_security_hash(None, content_type, object_pk, timestamp)
    return timestamp, signed


def consent_field(data, refusal):
    """The consent to the processing of personal data that 152-FZ (art. 9) asks of a reader
    who sends them: a box the reader ticks, never ticked beforehand, naming the ``data``.
    Rendered by templates/includes/consent.html, which links the policy."""
    field = forms.BooleanField(
        label=f"Я даю согласие на обработку моих персональных данных ({data}) в соответствии "
        "с политикой обработки персональных данных",
        error_messages={"required": refusal},
    )
    field.consent_data = data
    return field


class ReaderForm(CommentSecurityForm):
    """What every form a reader sends shares (comments, accreditation requests): the time it
    was shown, signed with ``target_object`` (too fast, too old, copied from another page), a
    honeypot, and Russian messages about them. The page cache signs the time afresh for each
    reader of a cached page (comments/cached_pages.py)."""

    # Its widgets are Django's own, rendered by Django's Jinja2 templates of them: the same
    # HTML at a fraction of the cost of ten Django-template renders on every article page.
    default_renderer = Jinja2()

    stale_message = STALE
    too_fast_message = (
        "Комментарий отправлен слишком быстро. Подождите несколько секунд и отправьте ещё раз."
    )
    by_program_message = "Комментарий не принят: похоже, форму заполнила программа."
    # Fields the reader does not see: their errors are shown above the form.
    unseen = frozenset({"timestamp", "security_hash", "content_type", "object_pk", "website"})

    # A field people never see (hidden by CSS and from assistive technology); bots fill it in.
    website = forms.CharField(required=False, label="Сайт (оставьте пустым)")

    def __init__(self, target_object, data=None, **kwargs):
        super().__init__(target_object, data=data, **kwargs)
        # A signed field missing or mangled: the page was not the one we sent, or is too old.
        for name in ("content_type", "object_pk", "timestamp", "security_hash"):
            field = self.fields[name]
            for code in ("required", "invalid", "min_length", "max_length"):
                field.error_messages[code] = self.stale_message

    # The security fields are hidden; their errors say what the reader can do about them.
    def clean_security_hash(self):
        try:
            return super().clean_security_hash()
        except forms.ValidationError:
            raise forms.ValidationError(self.stale_message) from None

    def clean_timestamp(self):
        timestamp = self.cleaned_data["timestamp"]
        age = time.time() - timestamp
        if age > settings.COMMENTS_FORM_MAX_AGE or age < -60:
            raise forms.ValidationError(self.stale_message)
        if age < settings.COMMENTS_MIN_SECONDS:
            self.refused_as_too_fast = True
            raise forms.ValidationError(self.too_fast_message)
        return timestamp

    def full_clean(self):
        super().full_clean()
        if getattr(self, "refused_as_too_fast", False):
            # The form comes back signed as opened COMMENTS_MIN_SECONDS ago: the reader, who
            # has just waited through one refusal, is not refused as too fast a second time.
            # A bot gains one retry; the honeypot, the quotas and pre-moderation still stand.
            self.data = self.data.copy()
            timestamp = str(int(time.time()) - settings.COMMENTS_MIN_SECONDS)
            self.data["timestamp"] = timestamp
            self.data["security_hash"] = self.generate_security_hash(
                self.data.get("content_type", ""), self.data.get("object_pk", ""), timestamp
            )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(self.by_program_message)
        return ""

    def clean(self):
        cleaned = super().clean()
        target = self.target_object
        if (self.data.get("content_type"), self.data.get("object_pk")) != (
            str(target._meta),
            str(target.pk),
        ):
            raise forms.ValidationError(self.stale_message)
        return cleaned

    def top_errors(self):
        """Errors to show above the form: the form's own and those of its unseen fields."""
        errors = list(self.non_field_errors())
        for name in self.unseen & set(self.errors):
            errors.extend(error for error in self.errors[name] if error not in errors)
        return errors


class CommentForm(ReaderForm):
    """A comment or a reply to an approved comment of the same article."""

    unseen = ReaderForm.unseen | {"reply_to"}

    name = forms.CharField(
        label="Имя",
        max_length=50,
        error_messages={"required": "Представьтесь, пожалуйста."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label="Электронная почта",
        max_length=254,
        validators=[validate_email],
        help_text="Не публикуется. Нужна, только если модератору понадобится связаться с вами.",
        error_messages={
            "required": "Укажите адрес электронной почты.",
            "invalid": BAD_EMAIL,
        },
        # Not type="email": browsers refuse a Cyrillic local part there (HTML allows ASCII only).
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    comment = forms.CharField(
        label="Комментарий",
        max_length=settings.COMMENTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Напишите текст комментария."},
    )
    consent = consent_field(
        "имени и адреса электронной почты",
        "Без согласия на обработку персональных данных комментарий не принимается.",
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, target_object, data=None, *, client_ip=None, **kwargs):
        self.client_ip = client_ip
        super().__init__(target_object, data=data, **kwargs)
        self.fields["comment"].error_messages["max_length"] = (
            f"Комментарий длиннее {settings.COMMENTS_MAX_LENGTH} знаков: сократите его."
        )
        self.fields["name"].error_messages["max_length"] = "Имя длиннее 50 знаков."

    def clean_name(self):
        name = clean_display_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        if is_reserved(name):
            raise forms.ValidationError(
                "Это имя нельзя использовать: так подписывается пресс-служба или её сотрудник, "
                "а их ответы публикуются только из редакции. Укажите, пожалуйста, своё имя."
            )
        return name

    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError("Напишите текст комментария.")
        return text

    def clean_reply_to(self):
        parent_id = self.cleaned_data.get("reply_to")
        if not parent_id:
            return None
        parent = (
            Comment.objects.approved()
            .filter(
                pk=parent_id,
                content_type__app_label="articles",
                content_type__model="article",
                object_pk=str(self.target_object.pk),
            )
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                "Комментарий, на который вы отвечаете, не найден под этим материалом."
            )
        if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            raise forms.ValidationError(
                "На этот комментарий ответить нельзя: обсуждение слишком глубокое. "
                "Ответьте на комментарий выше."
            )
        return parent

    def clean(self):
        cleaned = super().clean()
        if not accepts_comments(self.target_object):
            raise forms.ValidationError("Комментарии к этому материалу закрыты.")
        text = cleaned.get("comment")
        if text and self._is_repeat(text, cleaned.get("email")):
            raise forms.ValidationError("Такой комментарий уже отправлен. Повторять его не нужно.")
        return cleaned

    def _is_repeat(self, text, email):
        since = timezone.now() - datetime.timedelta(seconds=settings.COMMENTS_DUPLICATE_WINDOW)
        recent = Comment.objects.filter(submit_date__gte=since, comment=text)
        who = []
        if email:
            who.append(recent.filter(user_email__iexact=email))
        if self.client_ip:
            who.append(recent.filter(ip_address=self.client_ip))
        return any(queryset.exists() for queryset in who)
