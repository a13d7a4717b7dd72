"""The demo's «Для СМИ»: two contacts, the working week, and the official channels (made-up
addresses, for the footer to show something)."""

import datetime

from press.models import Channel, Contact, OfficeHours


def load_demo_press():
    """Creates the section's data once; True when it created anything."""
    if Contact.objects.exists():
        return False
    Contact.objects.create(
        name="Ирина Соколова", role="Руководитель пресс-службы", phone="+7 (8422) 41-20-00",
        email="press@example.ru",
    )  # fmt: skip
    Contact.objects.create(
        name="Приёмная пресс-службы", role="Аккредитация СМИ", phone="+7 (8422) 41-20-01",
        email="accreditation@example.ru", position=1,
    )  # fmt: skip
    OfficeHours.objects.create(
        first_day=1, last_day=4, opens=datetime.time(9), closes=datetime.time(18)
    )
    OfficeHours.objects.create(
        first_day=5, last_day=5, opens=datetime.time(9), closes=datetime.time(16, 45)
    )
    for position, (kind, url) in enumerate(
        [("telegram", "https://t.me/pressoffice_demo"), ("vk", "https://vk.com/pressoffice_demo"),
         ("ok", "https://ok.ru/group/pressoffice_demo")]
    ):  # fmt: skip
        Channel.objects.get_or_create(kind=kind, defaults={"url": url, "position": position})
    return True
