"""Shared by the settings tests: production settings from the environment, run in a child
process."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.utils import get_random_secret_key

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "pressoffice.settings.production",
    "DJANGO_SECRET_KEY": get_random_secret_key(),
    "DJANGO_ALLOWED_HOSTS": "press.example.ru",
    "DATABASE_URL": "postgres://pressoffice@127.0.0.1:5432/pressoffice",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
