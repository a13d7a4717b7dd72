"""The smaller findings of the staff review (issue 12): each with the test that failed."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_csrf_failure_gets_a_russian_page_without_debug_advice():
    article = ArticleFactory()
    response = Client(enforce_csrf_checks=True).post(f"{article.get_absolute_url()}comment/", {})
    assert response.status_code == 403
    html = response.content.decode()
    assert "DEBUG" not in html and "CSRF verification failed" not in html
    assert "Страница устарела" in html
    assert '<html lang="ru"' in html


def test_the_accessibility_cookie_is_secure_where_sessions_are(settings):
    settings.SESSION_COOKIE_SECURE = True
    response = Client().post("/accessibility/", {"mode": "on", "next": "/"}, secure=True)
    cookie = next(iter(response.cookies.values()))
    assert cookie["secure"] is True
    settings.SESSION_COOKIE_SECURE = False
    response = Client().post("/accessibility/", {"mode": "on", "next": "/"})
    assert not next(iter(response.cookies.values()))["secure"]


def test_a_refused_photo_format_is_told_with_the_formats_really_taken():
    import io

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from toolkit.images import PublicImageFormField

    for name, content in [("scan.pdf", b"%PDF-1.4 not an image"), ("photo.heic", b"ftypheic")]:
        with pytest.raises(ValidationError) as refused:
            PublicImageFormField().clean(SimpleUploadedFile(name, content))
        message = " ".join(refused.value.messages)
        assert "JPEG, PNG или WebP" in message, message  # not Django's list of 70 extensions
        assert "bmp" not in message.lower() and "tiff" not in message.lower()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    assert PublicImageFormField().clean(SimpleUploadedFile("photo.html", buffer.getvalue()))


@pytest.mark.parametrize("address", ["иван@пример.рф", "ivan@пример.рф", "пётр.иванов@почта.рф"])
def test_cyrillic_email_addresses_are_taken(address):
    from comments.forms import CommentForm

    article = ArticleFactory()
    form = CommentForm(article)
    form.fields["email"].clean(address)  # raises on a refusal


@pytest.mark.parametrize("address", ["иван@", "@пример.рф", "ив..ан@пример.рф", "иван пётр@рф"])
def test_broken_addresses_are_still_refused(address):
    from django.core.exceptions import ValidationError

    from comments.forms import CommentForm

    with pytest.raises(ValidationError):
        CommentForm(ArticleFactory()).fields["email"].clean(address)


def test_rejecting_from_the_pending_view_rejects_a_comment_approved_meanwhile():
    """Another moderator approved it after this one opened the pending list: the rejection
    used to find nothing (the list's filter no longer matched) and say «Отклонено: 0»."""
    from comments.models import Comment
    from pressoffice.roles import MODERATORS
    from tests.comments.helpers import approved_comment
    from tests.factories import client_for, staff_member

    article = ArticleFactory()
    comment = approved_comment(article, comment="Спорное мнение")  # approved meanwhile
    moderator = client_for(staff_member(MODERATORS, username="mod"))
    response = moderator.post(
        "/admin/comments/comment/?status=pending",
        {"action": "reject", "_selected_action": [comment.pk], "reason": "Спам или реклама"},
        follow=True,
    )
    comment.refresh_from_db()
    assert not comment.is_public and comment.is_removed
    html = response.content.decode()
    assert "Отклонено комментариев: 1" in html
    assert "уже одобрен" in html
    assert Comment.objects.approved().count() == 0
