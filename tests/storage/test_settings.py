"""Which media storage the environment chooses: the disk unless DJANGO_MEDIA_STORAGE=s3, and
then a bucket whose settings are all there or a clear refusal at start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from pressoffice.settings import media
from tests.pressoffice.helpers import PRODUCTION_ENV, manage

S3_ENV = {
    "DJANGO_MEDIA_STORAGE": "s3",
    "DJANGO_S3_BUCKET": "press-media",
    "DJANGO_S3_ENDPOINT_URL": "https://storage.example.ru",
    "DJANGO_S3_ACCESS_KEY_ID": "key-id",
    "DJANGO_S3_SECRET_ACCESS_KEY": "key-secret",
}


@pytest.fixture
def environment(monkeypatch):
    for name in (*S3_ENV, "DJANGO_S3_CUSTOM_DOMAIN", "DJANGO_MEDIA_ORIGIN", "DJANGO_S3_REGION",
                 "DJANGO_BACKUP_S3_BUCKET", "DJANGO_S3_ADDRESSING_STYLE"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)

    def set_(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_


def test_without_a_variable_media_stay_on_the_disk(environment):
    assert media.media_storage() == (
        {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        None,
    )
    assert media.backup_storage() is None


def test_s3_takes_the_bucket_endpoint_and_keys_from_the_environment(environment):
    environment(**S3_ENV)
    storage, origin = media.media_storage()
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "press-media",
        "https://storage.example.ru",
    )
    assert (options["access_key"], options["secret_key"]) == ("key-id", "key-secret")
    assert options["addressing_style"] == "path"
    assert options["querystring_auth"] is False  # URLs in cached pages never expire
    assert options["file_overwrite"] is False
    assert origin == "https://storage.example.ru"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"DJANGO_MEDIA_STORAGE": "ftp"}, "DJANGO_MEDIA_STORAGE must be one of filesystem, s3"),
        ({"DJANGO_MEDIA_STORAGE": "s3"}, "DJANGO_S3_BUCKET must name the bucket"),
        ({"DJANGO_MEDIA_STORAGE": "s3", "DJANGO_S3_BUCKET": "media"}, "DJANGO_S3_CUSTOM_DOMAIN"),
        ({**S3_ENV, "DJANGO_BACKUP_S3_BUCKET": "press-media"}, "must not be the media bucket"),
    ],
)
def test_a_half_configured_bucket_refuses_to_start(environment, values, message):
    environment(**values)
    with pytest.raises(ImproperlyConfigured, match=message):
        media.media_storage()
        media.backup_storage()


def test_production_with_s3_passes_the_deploy_check_and_allows_the_media_host():
    script = (
        "from django.conf import settings as s;"
        "print(s.STORAGES['default']['BACKEND'], s.STORAGES['backups']['OPTIONS']['bucket_name'],"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )
    env = {**PRODUCTION_ENV, **S3_ENV, "DJANGO_S3_CUSTOM_DOMAIN": "media.example.ru",
           "DJANGO_BACKUP_S3_BUCKET": "press-backups"}  # fmt: skip
    result = manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [
        "storages.backends.s3.S3Storage", "press-backups", "https://media.example.ru",
    ]  # fmt: skip
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
