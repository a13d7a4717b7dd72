"""A cover chosen in the article form survives a validation error: the editor fixes the alt
text, caption or credit and saves without choosing the file again (issue 13, item 3)."""

import io

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from tests.articles.helpers import form_for
from tests.factories import ArticleFactory, client_for
from tests.images import (
    assert_no_metadata,
    assert_upright,
    open_stored,
    phone_jpeg,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def jpeg(name="cover.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "steelblue").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def hidden(response, name):
    return lxml.html.fromstring(response.content).xpath(f"//input[@name='{name}']/@value")[0]


def test_a_cover_is_kept_across_a_validation_error(editor):
    article = ArticleFactory(title="Новость без фото")
    editor_client = client_for(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_for(article)
    first = editor_client.post(url, {**data, "cover": jpeg()})
    assert first.status_code == 200
    html = first.content.decode()
    assert "Опишите, что на фото" in html
    assert "сохранён" in html and "cover.jpg" in html
    staged = hidden(first, "cover_staged")
    assert staged

    second = editor_client.post(url, {
        **data, "cover_staged": staged, "cover_alt": "Цех завода", "cover_caption": "Новый цех",
        "cover_credit": "Пресс-служба",
    })  # fmt: skip
    assert second.status_code == 302, second.content.decode()[:2000]
    article.refresh_from_db()
    assert article.cover and article.cover.name.endswith(".jpg")
    assert article.cover_alt == "Цех завода"


def test_a_forged_staged_name_is_refused(editor):
    article = ArticleFactory(title="Новость без фото")
    url = f"/admin/articles/article/{article.pk}/change/"
    response = client_for(editor).post(url, {
        **form_for(article), "cover_staged": "../../etc/passwd", "cover_alt": "Цех",
        "cover_caption": "Цех", "cover_credit": "Пресс-служба",
    })  # fmt: skip
    assert response.status_code == 302
    assert not Article.objects.get(pk=article.pk).cover


def test_the_staged_cover_is_kept_without_its_metadata(editor):
    """The staged copy lies in the media storage, which serves any file by its name: it holds
    no more than a published photo would (no GPS, no camera, no XMP)."""
    article = ArticleFactory(title="Новость без фото")
    url = f"/admin/articles/article/{article.pk}/change/"
    response = client_for(editor).post(
        url, {**form_for(article), "cover": upload(phone_jpeg(), "phone.jpg")}
    )
    assert "Опишите, что на фото" in response.content.decode()
    (name,) = [name for name in stored_files() if name.startswith("staging/")]
    image, data = open_stored(name)
    assert name.endswith(".jpg")
    assert_no_metadata(image, data)
    assert_upright(image)
