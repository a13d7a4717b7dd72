"""Media in an S3-compatible object store (DJANGO_MEDIA_STORAGE=s3), against a real S3 server
on 127.0.0.1 (tests/storage/s3_server.py): uploads are stored clean in the bucket, renditions
are made into it and served from it, the photo bank reads its originals from it, CKEditor's
uploads land in it, and a backup takes the bucket's files and a restore puts them back."""

import io
import json
import tarfile
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from PIL import Image

from pressoffice.settings import media
from tests.factories import CoveredArticleFactory, PhotoFactory
from tests.faults.test_backup import comments, newsroom, pages
from tests.images import assert_no_metadata, jpeg_upload, phone_jpeg, upload

from .s3_server import (  # noqa: F401
    ACCESS_KEY,
    REGION,
    SECRET_KEY,
    client,
    empty,
    objects,
    own_s3,
    public_read_policy,
)


@pytest.fixture
def buckets(own_s3, monkeypatch):  # noqa: F811
    """A fresh media bucket and backups bucket, named in the environment as in production."""
    names = {"media": f"media-{uuid.uuid4().hex[:12]}", "backups": f"bk-{uuid.uuid4().hex[:12]}"}
    environment = {
        "DJANGO_MEDIA_STORAGE": "s3",
        "DJANGO_S3_BUCKET": names["media"],
        "DJANGO_S3_ENDPOINT_URL": own_s3,
        "DJANGO_S3_REGION": REGION,
        "DJANGO_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "DJANGO_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "DJANGO_BACKUP_S3_BUCKET": names["backups"],
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    s3 = client(own_s3)
    for bucket in names.values():
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_policy(Bucket=names["media"], Policy=public_read_policy(names["media"]))
    return names


def forget_ckeditor_storage():
    """django-ckeditor keeps a storage of its own (a DefaultStorage made at import), which
    Django's setting_changed does not reset: it would stay on this test's bucket."""
    from ckeditor_uploader.utils import storage
    from django.utils.functional import empty

    storage._wrapped = empty


@pytest.fixture
def s3_media(buckets, settings, own_s3):  # noqa: F811
    """The site's STORAGES as the settings build them from that environment."""
    default, origin = media.media_storage()
    assert origin == own_s3
    settings.STORAGES = {
        **settings.STORAGES, "default": default, "backups": media.backup_storage(),
    }  # fmt: skip
    forget_ckeditor_storage()
    yield buckets["media"]
    forget_ckeditor_storage()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.headers, answer.read()


pytestmark = pytest.mark.django_db


def test_an_upload_is_stored_clean_in_the_bucket(s3_media, own_s3):  # noqa: F811
    photo = PhotoFactory(image=upload(phone_jpeg(1600, 900)))
    stored = objects(own_s3, s3_media)
    assert list(stored) == [photo.image.name]
    image = Image.open(io.BytesIO(stored[photo.image.name]))
    assert image.size == (900, 1600)
    assert_no_metadata(image, stored[photo.image.name])
    status, headers, _ = fetch(photo.image.url)
    assert photo.image.url.startswith(f"{own_s3}/{s3_media}/photos/")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_renditions_are_made_into_the_bucket_and_served_from_it(s3_media, own_s3):  # noqa: F811
    article = CoveredArticleFactory()
    page = Client().get(article.get_absolute_url())
    assert page.status_code == 200
    keys = set(objects(own_s3, s3_media))
    renditions = {key for key in keys if key.startswith("CACHE/images/")}
    assert len(renditions) == 6  # WebP and JPEG at 480, 800 and 1200
    webp = article.cover_800_webp.url
    assert webp.startswith(f"{own_s3}/{s3_media}/CACHE/images/") and webp in page.text
    status, headers, body = fetch(webp)
    assert status == 200 and Image.open(io.BytesIO(body)).format == "WEBP"
    assert Image.open(io.BytesIO(body)).width == 800


def test_photo_bank_lists_and_downloads_originals_from_the_bucket(s3_media, own_s3):  # noqa: F811
    photo = PhotoFactory(image=upload(phone_jpeg(2400, 1600)), credit="Анна Смирнова")
    listing = Client().get("/photobank/")
    assert "JPEG, 1600 × 2400 точек" in listing.text
    response = Client().get(f"/photobank/photo/{photo.pk}/original/")
    data = b"".join(response.streaming_content)
    image = Image.open(io.BytesIO(data))
    assert image.size == (1600, 2400)
    assert_no_metadata(image, data)
    assert data == objects(own_s3, s3_media)[photo.image.name]


def test_ckeditor_uploads_land_in_the_bucket(s3_media, own_s3, editor_client):  # noqa: F811
    response = editor_client.post("/admin/ckeditor/upload/", {"upload": jpeg_upload(640, 480)})
    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert url.startswith(f"{own_s3}/{s3_media}/uploads/")
    status, _, body = fetch(url)
    assert status == 200 and Image.open(io.BytesIO(body)).size == (640, 480)


def test_the_page_may_show_images_from_the_bucket(buckets, own_s3, monkeypatch):  # noqa: F811
    """The Content-Security-Policy's img-src names the bucket's origin (or its CDN)."""
    _, origin = media.media_storage()
    assert origin == own_s3
    monkeypatch.setenv("DJANGO_S3_CUSTOM_DOMAIN", "media.example.ru/press")
    assert media.media_storage()[1] == "https://media.example.ru"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_wipe_restore_through_the_bucket(s3_media, own_s3, buckets, tmp_path):  # noqa: F811
    from tests.faults.test_backup import wipe_database

    paths = newsroom()
    before_pages, before_comments = pages(paths), comments()
    before_files = objects(own_s3, s3_media)
    assert len([key for key in before_files if not key.startswith("CACHE/")]) == 3
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive), upload=True)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        members = [member.name for member in tar.getmembers()]
    names = {name.removeprefix("media/") for name in members if name.startswith("media/")}
    assert names == set(before_files)
    assert manifest["media_files"] == len(before_files)
    assert manifest["media_bytes"] == sum(len(data) for data in before_files.values())
    # The archive went to the backups bucket too, never to the public media bucket.
    uploaded = objects(own_s3, buckets["backups"])
    assert list(uploaded) == ["backups/backup.tar"]
    assert uploaded["backups/backup.tar"] == archive.read_bytes()
    with pytest.raises(urllib.error.HTTPError, match="403"):  # readers' e-mails: not public
        fetch(f"{own_s3}/{buckets['backups']}/backups/backup.tar")

    wipe_database()
    empty(own_s3, s3_media)
    archive.unlink()
    call_command("restore", "backup.tar", interactive=False, from_storage=True)

    assert objects(own_s3, s3_media) == before_files
    assert comments() == before_comments
    assert pages(paths) == before_pages
    assert connection.vendor in {"sqlite", "postgresql"}
