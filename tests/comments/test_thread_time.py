"""A comment's time is shown in the office's zone, as its datetime attribute says (the thread
is a Jinja2 template: Jinja2 does not localize before formatting, Django's templates do)."""

import datetime

import pytest
from django.utils import timezone

from comments.fragments import render
from tests.comments.helpers import approved_comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_time_shown_is_local_like_the_datetime_attribute():
    article = ArticleFactory()
    moment = datetime.datetime(2024, 5, 6, 23, 30, tzinfo=datetime.UTC)
    approved_comment(article, submit_date=moment)
    html = render(article, None, open_=False)
    local = timezone.localtime(moment)
    assert local.day == 7  # ahead of UTC: another day in the office's zone
    iso = local.isoformat(timespec="minutes")
    assert f'<time datetime="{iso}">7 мая 2024, {local:%H:%M}</time>' in html
