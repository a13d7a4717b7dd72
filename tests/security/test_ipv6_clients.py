"""An IPv6 subscriber has a whole /64 and can take any address in it: comments, reports and
login lockout count IPv6 clients by /64 (issue 12, item 11). IPv4 is counted by address."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.clients import client_network
from comments.models import Comment, CommentReport
from comments.moderation import refresh_comment_counts
from pressoffice.roles import EDITORS
from tests.comments.helpers import approved_comment, form_data
from tests.factories import ArticleFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("203.0.113.7", "203.0.113.7"),
        ("not an address", "not an address"),
    ],
)
def test_ipv6_clients_are_counted_by_their_slash_64(rf, address, counted_as):
    assert client_network(rf.get("/", REMOTE_ADDR=address)) == counted_as


def test_comments_from_one_slash_64_share_one_quota(settings):
    settings.COMMENTS_RATE = "5/10m"
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    accepted = 0
    for number in range(1, 13):
        response = Client().post(
            f"{article.get_absolute_url()}comment/",
            form_data(article, comment=f"Комментарий номер {number} о новом цехе."),
            REMOTE_ADDR=f"2001:db8:1:2::{number:x}",
        )
        accepted += response.status_code == 302
    assert accepted == 5
    assert Comment.objects.count() == 5
    assert Comment.objects.first().ip_address.startswith("2001:db8:1:2::")  # full address kept


def test_three_reports_from_one_slash_64_are_one_reader(settings):
    settings.COMMENTS_REPORTS_TO_HIDE = 3
    article = ArticleFactory()
    comment = approved_comment(article, comment="Спорный комментарий")
    refresh_comment_counts([article.pk])
    for number in (1, 2, 3):
        Client().post(f"/comments/{comment.pk}/report/", REMOTE_ADDR=f"2001:db8:5:6::{number}")
    comment.refresh_from_db()
    assert comment.is_public
    assert CommentReport.objects.count() == 1


def test_login_failures_from_one_slash_64_lock_that_network():
    staff_member(EDITORS, username="editor-v6")
    login = reverse("admin:login")
    for number in range(1, 7):
        Client().post(login, {"username": f"guess{number}", "password": "wrong"},
                      REMOTE_ADDR=f"2001:db8:9:9::{number}")  # fmt: skip
    locked = Client().post(login, {"username": "editor-v6", "password": "correct-horse-battery"},
                           REMOTE_ADDR="2001:db8:9:9::99")  # fmt: skip
    assert locked.status_code == 429
    elsewhere = Client()
    elsewhere.post(login, {"username": "editor-v6", "password": "correct-horse-battery"},
                   REMOTE_ADDR="2001:db8:7:7::1")  # fmt: skip
    assert "_auth_user_id" in elsewhere.session
