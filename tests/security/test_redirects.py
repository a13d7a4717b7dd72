"""Open redirects: no ``next`` (or any other input) sends a visitor off the site."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from pressoffice.roles import EDITORS
from tests.comments.helpers import approved_comment, form_data
from tests.factories import ArticleFactory, client_for, staff_member

pytestmark = pytest.mark.django_db

TARGETS = [
    "//evil.example",
    "//evil.example/path",
    "https://evil.example",
    "http://evil.example/admin/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " //evil.example",
    "\t//evil.example",
    "/%09/evil.example",
    "/%2F%2Fevil.example",
    "//evil.example@testserver",
    "https://testserver.evil.example",
    "https://testserver@evil.example",
    "data:text/html,<script>alert(1)</script>",
    "ftp://evil.example",
    "///evil.example",
    "\u3002evil.example",
]


def assert_on_site(response):
    assert response.status_code in {301, 302, 303}, response.status_code
    location = response["Location"]
    stripped = location.strip().replace("\\", "/")
    parts = urlsplit(stripped)
    assert parts.scheme in {"", "http", "https"}, location
    assert parts.netloc in {"", "testserver"}, location
    assert not stripped.startswith("//"), location
    assert "evil" not in parts.netloc, location
    return location


def test_admin_login_next(client):
    staff_member(EDITORS, username="editor-next", password="correct-horse-battery")
    for target in TARGETS:
        client.logout()
        login = reverse("admin:login") + "?" + f"next={target}"
        credentials = {"username": "editor-next", "password": "correct-horse-battery"}
        response = client.post(login, {**credentials, "next": target})
        assert_on_site(response)


def test_admin_logout_next():
    editor = staff_member(EDITORS, username="editor-logout")
    for target in TARGETS:
        client = client_for(editor)
        response = client.post(reverse("admin:logout") + f"?next={target}", {"next": target})
        if response.status_code == 200:  # the «logged out» page: no redirect at all
            continue
        assert_on_site(response)


def test_accessibility_switch_next(client):
    for target in TARGETS:
        for mode in ("on", "off"):
            response = client.post(reverse("accessibility"), {"next": target, "mode": mode})
            assert_on_site(response)
    response = client.post(reverse("accessibility"), {"next": "/news/?page=2", "mode": "on"})
    assert response["Location"] == "/news/?page=2"  # a local address is kept


def test_comment_post_and_report_redirect_to_the_article_whatever_next_says(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    comment = approved_comment(article)
    for number, target in enumerate(TARGETS[:5]):
        data = form_data(article, comment=f"Текст {number}", email=f"r{number}@example.ru",
                         next=target)  # fmt: skip
        url = reverse("comments:comment-post", kwargs={"slug": article.slug}) + f"?next={target}"
        location = assert_on_site(client.post(url, data))
        assert location.startswith(article.get_absolute_url())
        report = reverse("comments:comment-report", args=[comment.pk]) + f"?next={target}"
        location = assert_on_site(client.post(report, {"next": target}))
        assert location.startswith(article.get_absolute_url())


def test_login_redirects_of_protected_pages_stay_on_site():
    client = Client()
    draft = ArticleFactory(status="draft")
    for path in (
        reverse("articles:article-preview", args=[draft.pk]),
        reverse("ckeditor_browse"),
        reverse("admin:articles_article_changelist"),
        "/admin/articles/article//evil.example/",
    ):
        location = assert_on_site(client.get(path))
        assert urlsplit(location).path == reverse("admin:login") or location.startswith("/")
