"""Path traversal: uploads under hostile names stay inside MEDIA_ROOT, and media and static
addresses never serve a file from outside their folders."""

from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve

from articles.models import Article
from articles.uploads import safe_filename
from pressoffice.roles import EDITORS
from tests.admin.helpers import article_form, inline_management
from tests.factories import client_for, staff_member
from tests.images import encode, two_colour

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = [
    "../../etc/passwd",
    "../../../../../../etc/passwd.png",
    "..%2f..%2fsettings.png",
    "..%252f..%252fsettings.png",
    "..\\..\\windows\\win.ini.png",
    "/etc/passwd.png",
    "/tmp/evil.png",
    "C:\\evil.png",
    "evil.png\x00.html",
    "....//....//evil.png",
    "%2e%2e/%2e%2e/evil.png",
    "\u2025/\u2025/evil.png",  # the two-dot leader, which NFKC turns into ".."
    ".htaccess",
    "evil.php.png",
    "~/.ssh/authorized_keys.png",
]


def multipart(fields, file_field, filename, content, content_type="image/png"):
    """A multipart body with the file name exactly as given: the test client would send only
    its basename."""
    boundary = "----secsuiteboundary"
    parts = []
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                         f"\r\n\r\n{item}\r\n".encode())  # fmt: skip
    disposition = f'form-data; name="{file_field}"; filename="{filename}"'
    parts.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                 f"Content-Type: {content_type}\r\n\r\n".encode("utf-8", "surrogatepass")
                 + content + b"\r\n")  # fmt: skip
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def disk(tmp_path, settings, monkeypatch):
    """Uploads on a real disk: MEDIA_ROOT under tmp_path, with a sibling folder that must stay
    empty and a file outside that must stay unread."""
    media = tmp_path / "media"
    media.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "secret.txt").write_text("not for the public")
    settings.MEDIA_ROOT = str(media)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(media)}},
    }  # fmt: skip
    # ckeditor_uploader holds its own storage object, made before the settings changed.
    monkeypatch.setattr("articles.uploads.storage", FileSystemStorage(location=str(media)))
    return tmp_path


def files_under(folder):
    return {path for path in Path(folder).rglob("*") if path.is_file()}


def assert_all_inside(root):
    media = (root / "media").resolve()
    for path in files_under(root):
        if path.name == "secret.txt":
            continue
        assert path.resolve().is_relative_to(media), path
    assert files_under(root / "outside") == set()


def png():
    return encode(two_colour(120, 80), "PNG")


def test_ckeditor_upload_under_hostile_names_stays_inside_media(disk):
    client = client_for(staff_member(EDITORS, username="editor-traversal"))
    for name in HOSTILE_NAMES:
        body, content_type = multipart({}, "upload", name, png())
        response = client.generic("POST", reverse("ckeditor_upload"), body, content_type)
        assert response.status_code in {200, 400}, (name, response.content[:300])
        if response.status_code == 200:
            url = response.json()["url"]
            assert url.startswith("/media/uploads/")
            assert ".." not in url and "\\" not in url and "%" not in url
    assert_all_inside(disk)
    assert len(files_under(disk / "media")) >= 10  # most names were taken, just made safe


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_safe_filename_leaves_no_path(name):
    result = safe_filename(name)
    assert "/" not in result and "\\" not in result and "\x00" not in result
    assert ".." not in result
    assert not result.startswith(".")


def test_photo_uploads_in_the_admin_stay_inside_media(disk):
    client = client_for(staff_member(EDITORS, username="editor-photos"))
    jpeg = encode(two_colour(1600, 900), quality=90)
    for number, name in enumerate(HOSTILE_NAMES):
        data = article_form(
            title=f"Фоторепортаж {number}",
            cover_alt="Описание", cover_caption="Подпись", cover_credit="Пресс-служба",
            **{**inline_management("blocks", 0), **inline_management("photos", 1),
               "photos-0-position": "10", "photos-0-alt": "Снимок", "photos-0-caption": "",
               "photos-0-credit": "Пресс-служба"},
        )  # fmt: skip
        data["regions"] = []
        data["topics"] = []
        body, content_type = multipart(data, "photos-0-image", name, jpeg, "image/jpeg")
        response = client.generic("POST", reverse("admin:articles_article_add"), body,
                                  content_type)  # fmt: skip
        assert response.status_code in {200, 302}, name
    assert Article.objects.exists()
    for article in Article.objects.all():
        for photo in article.photos.all():
            name = photo.image.name  # ".." inside a name is harmless; as a segment it is not
            assert ".." not in name.split("/") and not name.startswith("/"), name
    assert_all_inside(disk)


MEDIA_ATTACKS = [
    "../secret.txt",
    "..%2fsecret.txt",
    "%2e%2e/secret.txt",
    "%2e%2e%2fsecret.txt",
    "..%252fsecret.txt",
    "....//secret.txt",
    "..\\secret.txt",
    "/etc/passwd",
    "//etc/passwd",
    "%2fetc%2fpasswd",
    "uploads/../../secret.txt",
    "secret.txt%00.png",
]


def test_media_serving_view_never_reads_outside_media(disk):
    """The view that serves /media/ under DEBUG (pressoffice/urls.py) refuses every escape."""
    from django.core.exceptions import SuspiciousFileOperation
    from django.http import Http404

    (disk / "media" / "ok.txt").write_text("public")
    factory = RequestFactory()
    ok = serve(factory.get("/media/ok.txt"), "ok.txt", document_root=str(disk / "media"))
    assert b"".join(ok.streaming_content) == b"public"
    for attack in MEDIA_ATTACKS:
        from urllib.parse import unquote

        for path in (attack, unquote(attack)):
            try:
                response = serve(factory.get("/media/x"), path, document_root=str(disk / "media"))
            except (Http404, SuspiciousFileOperation):  # a 404, or a 400 from the handler
                continue
            content = b"".join(response.streaming_content)
            assert b"not for the public" not in content, path
            assert b"root:" not in content, path


@pytest.mark.parametrize("prefix", ["/media/", "/static/"])
def test_media_and_static_addresses_never_serve_project_files(client, prefix):
    project = ["../pressoffice/settings/base.py", "..%2fmanage.py", "../../../../etc/passwd",
               "%2e%2e/%2e%2e/pressoffice/settings/base.py"]  # fmt: skip
    for attack in [*MEDIA_ATTACKS, *project]:
        response = client.get(prefix + attack)
        body = response.content if not response.streaming else b"".join(response.streaming_content)
        assert response.status_code in {301, 302, 400, 404}, (attack, response.status_code)
        for secret in (b"SECRET_KEY", b"root:x:", b"not for the public", b"DATABASE_URL"):
            assert secret not in body, attack
