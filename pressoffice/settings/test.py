"""Tests: fast hashing, in-memory storage for uploads, the database from DATABASE_URL or SQLite."""

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "tests-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The mail worker (`send_mail`, as tests run it) delivers to django.core.mail.outbox too.
MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Pages are rendered on every request, so tests see what they change and count real queries.
# The page cache's own tests (tests/pagecache/test_pagecache.py) and the browser journeys
# (tests/e2e) switch it on.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0  # tests of fragments turn it on
