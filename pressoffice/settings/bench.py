"""Benchmark (`make bench`): production settings served over plain http on loopback.

What differs from production and why: a fixed secret key and loopback hosts (a throwaway
server), no HTTPS redirect (no TLS proxy in front), persistent database connections as in
production, Redis when REDIS_URL is set, and a URLconf with the trivial "floor" view that every
page's throughput is compared to.
"""

import os

# Production refuses to start without these; the bench server is throwaway and loopback-only.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pressoffice_bench")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# The bench's superuser opens the moderators' queue with a session cookie; no TOTP device here.
os.environ.setdefault("DJANGO_STAFF_2FA", "none")

from .production import *  # noqa: E402, F403
from .production import BASE_DIR, CACHES, LOGGING, env  # noqa: E402

DEBUG = False
ROOT_URLCONF = "bench.urls"
# Plain http on loopback: HSTS would only make a browser (Lighthouse) insist on https.
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
# Collected static files and uploads of the bench data, apart from the development ones.
STATIC_ROOT = env("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "bench" / "static")
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "bench" / "media")
# The bench's keys stay apart from any other user of the same Redis.
if "KEY_PREFIX" in CACHES["default"]:
    CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": "pressoffice-bench"}}
# The bench prints its own report; request logs would only slow the server down.
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}
