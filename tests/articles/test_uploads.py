"""Images in the article text (articles/uploads.py): only for those who may change articles,
only real images, CSRF-checked, stored clean under a safe name, browsed per user."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from pressoffice.roles import AUTHORS, EDITORS, MODERATORS
from tests.factories import staff_member
from tests.images import (
    assert_no_metadata,
    assert_upright,
    encode,
    open_stored,
    phone_jpeg,
    stored_files,
    two_colour,
    upload,
)

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/ckeditor/upload/"
BROWSE = "/admin/ckeditor/browse/"


def png(name="schema.png"):
    return upload(encode(two_colour(120, 80), "PNG"), name, "image/png")


def logged_in(role, username, **client_options):
    client = Client(**client_options)
    client.force_login(staff_member(role, username=username))
    return client


def stored_name(response):
    return response.json()["url"].removeprefix("/media/")


def test_urls_are_where_the_editor_config_points():
    assert (reverse("ckeditor_upload"), reverse("ckeditor_browse")) == (UPLOAD, BROWSE)


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_is_stored(client):
    before = stored_files()
    for response in (client.post(UPLOAD, {"upload": png()}), client.get(BROWSE)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert stored_files() == before


def test_moderators_may_not_upload_or_browse():
    moderator = logged_in(MODERATORS, "moderator-upload")
    before = stored_files()
    assert moderator.post(UPLOAD, {"upload": png()}).status_code == 403
    assert moderator.get(BROWSE).status_code == 403
    assert stored_files() == before


def test_editor_uploads_a_png_under_a_safe_name_in_their_own_folder():
    editor = logged_in(EDITORS, "editor-upload")
    response = editor.post(UPLOAD, {"upload": png("Схема <проезда>.PNG")})
    assert response.status_code == 200
    answer = response.json()
    assert answer["uploaded"] == 1
    user_id = editor.session["_auth_user_id"]
    assert re.fullmatch(
        rf"/media/uploads/{user_id}/\d{{4}}/\d{{2}}/\d{{2}}/[0-9a-f]{{32}}\.png",
        answer["url"],
    ), answer["url"]
    assert answer["fileName"] == answer["url"].rsplit("/", 1)[1]
    image, data = open_stored(stored_name(response))
    assert (image.format, image.size) == ("PNG", (120, 80))
    assert_no_metadata(image, data)


def test_authors_may_upload_too():
    """Authors change their own articles (pressoffice/roles.py), so they need the button."""
    author = logged_in(AUTHORS, "author-upload")
    assert author.post(UPLOAD, {"upload": png()}).status_code == 200


def test_phone_photo_in_the_text_is_stored_upright_without_gps():
    editor = logged_in(EDITORS, "editor-phone")
    response = editor.post(UPLOAD, {"upload": upload(phone_jpeg(), "Фото с места.JPG")})
    assert response.status_code == 200
    assert re.search(r"/[0-9a-f]{32}\.jpg$", response.json()["url"])
    image, data = open_stored(stored_name(response))
    assert_upright(image)
    assert_no_metadata(image, data)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image.png"),
        (b"<html><body><script>alert(document.cookie)</script></body></html>", "image.png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image.svg"),
        (b"%PDF-1.4 not an image", "document.pdf"),
    ],
    ids=["svg-as-png", "html-as-png", "svg", "pdf"],
)
def test_anything_but_an_image_is_refused_with_a_message_and_not_stored(content, name):
    editor = logged_in(EDITORS, "editor-refused")
    before = stored_files()
    response = editor.post(UPLOAD, {"upload": upload(content, name, "image/png")})
    assert response.status_code == 400
    answer = response.json()
    assert answer["uploaded"] == 0
    assert "не изображение" in answer["error"]["message"]
    assert "JPEG, PNG или WebP" in answer["error"]["message"]
    assert stored_files() == before


def test_too_large_a_file_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    editor = logged_in(EDITORS, "editor-large")
    before = stored_files()
    noise = upload(encode(Image.effect_noise((200, 200), 50), "PNG"), "noise.png", "image/png")
    response = editor.post(UPLOAD, {"upload": noise})
    assert response.status_code == 400
    assert "Файл весит" in response.json()["error"]["message"]
    assert stored_files() == before


def test_upload_without_a_file_or_by_get_is_refused():
    editor = logged_in(EDITORS, "editor-empty")
    assert editor.post(UPLOAD, {}).status_code == 400
    assert editor.get(UPLOAD).status_code == 405


def test_upload_needs_the_csrf_token_the_editor_sends_in_a_header():
    editor = logged_in(EDITORS, "editor-csrf", enforce_csrf_checks=True)
    before = stored_files()
    assert editor.post(UPLOAD, {"upload": png()}).status_code == 403
    assert stored_files() == before
    # The admin page the editor works in holds the token; static/js/ckeditor-config.js puts
    # it in the X-CSRFToken header of the upload.
    page = editor.get(reverse("admin:articles_article_add")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = editor.post(UPLOAD, {"upload": png()}, headers={"X-CSRFToken": token})
    assert response.status_code == 200


def test_file_browser_shows_each_user_their_own_uploads():
    first, second = logged_in(EDITORS, "editor-one"), logged_in(EDITORS, "editor-two")
    name = stored_name(first.post(UPLOAD, {"upload": png("mine.png")}))
    assert name.rsplit("/", 1)[1] in first.get(BROWSE).content.decode()
    assert name.rsplit("/", 1)[1] not in second.get(BROWSE).content.decode()


def test_text_editor_offers_the_image_upload_with_the_csrf_config(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    configs = re.findall(r'data-config="([^"]+)"', page)
    assert configs
    config = json.loads(configs[0].replace("&quot;", '"').replace("&amp;", "&"))
    assert config["filebrowserUploadUrl"] == UPLOAD
    assert config["filebrowserBrowseUrl"] == BROWSE
    assert config["filebrowserUploadMethod"] == "xhr"
    assert config["customConfig"] == "/static/js/ckeditor-config.js"
    assert any("Image" in group for group in config["toolbar_Custom"])
