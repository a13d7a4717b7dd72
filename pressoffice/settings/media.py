"""Where uploads, renditions and the photo bank's originals live: this machine's disk
(MEDIA_ROOT, the default, as `make run` uses) or, with ``DJANGO_MEDIA_STORAGE=s3``, a bucket of
an S3-compatible object store (AWS S3, Yandex Object Storage, MinIO, Ceph…) through
django-storages, shared by every app server. docs/deploy.md, "Shared media".

Every reader of media goes through Django's storage API (``default_storage``, a FieldFile's
``storage``), never a path on disk: the same code runs on both.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

KINDS = ("filesystem", "s3")
S3_BACKEND = "storages.backends.s3.S3Storage"


def _env(name, default=""):
    return os.environ.get(name, default).strip()


def media_kind():
    kind = _env("DJANGO_MEDIA_STORAGE", "filesystem").lower() or "filesystem"
    if kind not in KINDS:
        raise ImproperlyConfigured(f"DJANGO_MEDIA_STORAGE must be one of {', '.join(KINDS)}.")
    return kind


def s3_options(prefix="DJANGO_S3_"):
    """django-storages' S3Storage options from the environment (``prefix`` + BUCKET, …)."""
    bucket = _env(f"{prefix}BUCKET")
    if not bucket:
        raise ImproperlyConfigured(f"{prefix}BUCKET must name the bucket.")
    endpoint = _env(f"{prefix}ENDPOINT_URL") or _env("DJANGO_S3_ENDPOINT_URL")
    return {
        "bucket_name": bucket,
        # Empty: AWS itself. Any S3-compatible store: its address, e.g. https://storage.yandexcloud.net
        "endpoint_url": endpoint or None,
        "region_name": _env(f"{prefix}REGION") or _env("DJANGO_S3_REGION") or None,
        # Empty keys: boto3's own chain (an instance role, ~/.aws); never a key in the repo.
        "access_key": _env(f"{prefix}ACCESS_KEY_ID") or _env("DJANGO_S3_ACCESS_KEY_ID") or None,
        "secret_key": (
            _env(f"{prefix}SECRET_ACCESS_KEY") or _env("DJANGO_S3_SECRET_ACCESS_KEY") or None
        ),
        # Other stores than AWS answer at endpoint/bucket/key; AWS at bucket.endpoint/key.
        "addressing_style": _env(f"{prefix}ADDRESSING_STYLE") or ("path" if endpoint else None),
        "location": _env(f"{prefix}PREFIX"),
        # A name is never reused (uploads get random names), and if it were, Django's rule:
        # the second file gets another name rather than replacing the first.
        "file_overwrite": False,
        "default_acl": None,  # the bucket's policy decides who reads (docs/deploy.md)
    }


def media_storage():
    """``(STORAGES["default"], the origin images are served from or None)``."""
    if media_kind() == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, None
    options = s3_options()
    custom_domain = _env("DJANGO_S3_CUSTOM_DOMAIN")  # a CDN or the bucket's public host
    protocol = _env("DJANGO_S3_URL_PROTOCOL", "https:")
    options |= {
        "custom_domain": custom_domain or None,
        "url_protocol": protocol,
        # Plain URLs: pages with photos are cached for every reader, and a signed URL would
        # expire inside them. Media are public as they are on disk behind nginx; the names
        # are unguessable (toolkit.images.unguessable_name).
        "querystring_auth": False,
        # Every object's name is new: browsers and a CDN may keep it for a year.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}, media_origin(options)


def media_origin(options):
    """Where pages fetch images from, for the Content-Security-Policy's img-src."""
    explicit = _env("DJANGO_MEDIA_ORIGIN")
    if explicit:
        return explicit.rstrip("/")
    if options["custom_domain"]:
        host = options["custom_domain"].split("/")[0]
        return f"{options['url_protocol']}//{host}"
    if options["endpoint_url"] and options["addressing_style"] == "path":
        endpoint = urlsplit(options["endpoint_url"])
        return f"{endpoint.scheme}://{endpoint.netloc}"
    raise ImproperlyConfigured(
        "With DJANGO_MEDIA_STORAGE=s3 set DJANGO_S3_CUSTOM_DOMAIN (the CDN or public host of "
        "the bucket) or DJANGO_MEDIA_ORIGIN: the Content-Security-Policy must allow the images."
    )


def backup_storage():
    """STORAGES["backups"]: where `manage.py backup --upload` puts archives; None if unset.
    A bucket of its own (``DJANGO_BACKUP_S3_BUCKET``): never the public media bucket."""
    if not _env("DJANGO_BACKUP_S3_BUCKET"):
        return None
    options = s3_options("DJANGO_BACKUP_S3_")
    if options["bucket_name"] == _env("DJANGO_S3_BUCKET"):
        raise ImproperlyConfigured(
            "DJANGO_BACKUP_S3_BUCKET must not be the media bucket: media are public, "
            "backups hold readers' e-mail addresses."
        )
    options |= {"querystring_auth": True, "location": _env("DJANGO_BACKUP_S3_PREFIX", "backups")}
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
