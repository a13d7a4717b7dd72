import pytest
from django.core.management import call_command

from events.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_announcements_to_come_and_one_past_with_its_report(settings):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Event.objects.upcoming().count() == 2
    past = Event.objects.past().get()
    assert past.public_report is not None
    assert Event.objects.filter(regions__slug="ulyanovskaya-oblast").count() == 3
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Event.objects.count() == 3
