import pytest
from django.conf import settings

from tests.pressoffice.helpers import PRODUCTION_ENV, manage


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_needs_no_variables():
    script = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    result = manage(
        "shell", "-c", script, env={"DJANGO_SETTINGS_MODULE": "pressoffice.settings.dev"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == [
        "True", "django.db.backends.sqlite3", "Europe/Ulyanovsk", "ru",
    ]  # fmt: skip


def test_custom_user_model_is_in_the_first_migration():
    from django.db.migrations.loader import MigrationLoader

    first = MigrationLoader(None).disk_migrations[("pressoffice", "0001_initial")]
    assert settings.AUTH_USER_MODEL == "pressoffice.User"
    assert [op.name for op in first.operations] == ["User"]


def test_favicon_ico_answers_with_the_sites_icon(client):
    """Issue 13, item 13: /favicon.ico, asked by browsers on every admin page, was a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content if icon.streaming else [icon.content])
