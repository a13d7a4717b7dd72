"""The journalist's accreditation request: the comment form's guards, consent and messages
(comments/forms.py), with the fields of a request."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from comments.forms import ReaderForm, consent_field, validate_email

from .models import BAD_PHONE, AccreditationRequest, validate_phone

STALE = "Форма устарела. Обновите страницу и отправьте заявку ещё раз."


def _required(message):
    return {"required": message}


class AccreditationForm(ReaderForm):
    """Outlet, name, e-mail, phone, event or period, and consent (152-FZ)."""

    stale_message = STALE
    too_fast_message = (
        "Заявка отправлена слишком быстро. Подождите несколько секунд и отправьте ещё раз."
    )
    by_program_message = "Заявка не принята: похоже, форму заполнила программа."

    outlet = forms.CharField(
        label="Издание",
        max_length=200,
        help_text="Название СМИ, которое вы представляете.",
        error_messages=_required("Укажите издание, которое вы представляете."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    name = forms.CharField(
        label="Имя и фамилия",
        max_length=200,
        error_messages=_required("Укажите имя и фамилию."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label="Электронная почта",
        max_length=254,
        validators=[validate_email],
        help_text="На этот адрес придёт ответ пресс-службы.",
        error_messages=_required("Укажите адрес электронной почты: на него придёт ответ."),
        # Not type="email": browsers refuse a Cyrillic local part there (HTML allows ASCII only).
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label="Телефон",
        max_length=40,
        validators=[validate_phone],
        help_text="С кодом города или оператора: +7 900 123-45-67.",
        error_messages={"required": "Укажите телефон для связи.", "invalid": BAD_PHONE},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    event = forms.CharField(
        label="Мероприятие или период",
        max_length=500,
        help_text="Например: «Заседание правительства 15 декабря» или «с 1 по 31 января».",
        error_messages=_required("Укажите мероприятие или период аккредитации."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = consent_field(
        "имени, адреса электронной почты, телефона и названия издания",
        "Без согласия на обработку персональных данных заявка не принимается.",
    )

    def __init__(self, data=None, **kwargs):
        # The signed fields name what the form is about: requests, none in particular.
        super().__init__(AccreditationRequest(pk=0), data=data, **kwargs)
        for name in ("outlet", "name", "event"):
            self.fields[name].error_messages["max_length"] = (
                f"«{self.fields[name].label}»: не длиннее {self.fields[name].max_length} знаков."
            )

    def _clean_text(self, name):
        value = " ".join(self.cleaned_data[name].split())
        if not value:
            raise forms.ValidationError(self.fields[name].error_messages["required"])
        return value

    def clean_outlet(self):
        return self._clean_text("outlet")

    def clean_name(self):
        return self._clean_text("name")

    def clean_event(self):
        return self._clean_text("event")

    def clean(self):
        cleaned = super().clean()
        email, event = cleaned.get("email"), cleaned.get("event")
        if email and event and self._is_repeat(email, event):
            raise forms.ValidationError(
                "Такая заявка уже отправлена и ждёт ответа пресс-службы. Повторять её не нужно."
            )
        return cleaned

    def _is_repeat(self, email, event):
        since = timezone.now() - datetime.timedelta(seconds=settings.COMMENTS_DUPLICATE_WINDOW)
        return (
            AccreditationRequest.objects.waiting()
            .filter(created_at__gte=since, email__iexact=email, event__iexact=event)
            .exists()
        )
