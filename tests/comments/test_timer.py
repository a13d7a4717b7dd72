"""The anti-bot timer refuses a form sent too soon after the page was opened; a reader who was
refused once does not wait again for the next try (issue 13, item 6)."""

import re
import time

import pytest
from django.test import Client
from django_comments.forms import CommentSecurityForm

from comments.models import Comment
from tests.comments.helpers import form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def signed(data, timestamp):
    data["timestamp"] = str(timestamp)
    data["security_hash"] = CommentSecurityForm.generate_security_hash(
        None, data["content_type"], data["object_pk"], data["timestamp"]
    )
    return data


def security_fields(html):
    return {
        "timestamp": re.search(r'name="timestamp" value="(\d+)"', html)[1],
        "security_hash": re.search(r'name="security_hash" value="([0-9a-f]+)"', html)[1],
    }


def test_a_reader_refused_as_too_fast_is_not_refused_again(settings):
    settings.COMMENTS_MIN_SECONDS = 3
    article = ArticleFactory()
    client = Client()
    url = f"{article.get_absolute_url()}comment/"
    first = client.post(url, signed(form_data(article, consent=None), int(time.time())))
    assert first.status_code == 400
    assert "слишком быстро" in first.content.decode()
    again = {**form_data(article), **security_fields(first.content.decode())}
    second = client.post(url, again)  # at once: corrected, consent given
    assert second.status_code == 302
    assert Comment.objects.count() == 1


def test_other_errors_keep_the_time_the_page_was_opened(settings):
    settings.COMMENTS_MIN_SECONDS = 3
    article = ArticleFactory()
    opened = int(time.time()) - 10
    response = Client().post(f"{article.get_absolute_url()}comment/",
                             signed(form_data(article, name=""), opened))  # fmt: skip
    assert response.status_code == 400
    assert security_fields(response.content.decode())["timestamp"] == str(opened)
