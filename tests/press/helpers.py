"""Shared by the press tests: what the accreditation form sends, requests in the queue."""

import datetime

from django.utils import timezone

from press.forms import AccreditationForm
from press.models import AccreditationRequest

URL = "/press/accreditation/"
QUEUE = "/admin/press/accreditationrequest/"


def form_data(**overrides):
    """What the form sends when a journalist fills it in."""
    data = {
        **AccreditationForm().generate_security_data(),
        "outlet": "Городская газета «Вести Заволжья»",
        "name": "Анна Журавлёва",
        "email": "anna.zhuravleva@example.ru",
        "phone": "+7 (900) 123-45-67",
        "event": "Заседание правительства 15 декабря",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def waiting_request(**fields):
    now = timezone.now()
    values = {
        "outlet": "Радио «Волга»",
        "name": "Пётр Корнилов",
        "email": "p.kornilov@example.ru",
        "phone": "+7 900 765-43-21",
        "event": "Пресс-конференция губернатора",
        "created_at": now - datetime.timedelta(hours=1),
        "consent_at": now - datetime.timedelta(hours=1),
        "policy_version": "1.1 от 06.12.2026",
    }
    values.update(fields)
    return AccreditationRequest.objects.create(**values)
