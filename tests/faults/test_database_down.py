"""Database down: cached pages are still served, the rest answer a friendly 503, and the site
recovers by itself when the database returns."""

import os
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.db.utils import InterfaceError, OperationalError
from django.test import Client, RequestFactory

from pressoffice.faults import DatabaseUnavailableMiddleware
from pressoffice.roles import EDITORS
from tests.factories import ArticleFactory, staff_member
from tests.faults.helpers import database_down

FRIENDLY = "Сайт временно недоступен"


def assert_friendly_503(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert FRIENDLY in body
    assert response["Retry-After"].isdigit()
    assert "Traceback" not in body
    assert "OperationalError" not in body
    assert "5432" not in body


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.mark.django_db
def test_cached_page_is_served_and_the_rest_answer_503_until_the_database_returns(page_cache_on):
    cached = ArticleFactory(title="Губернатор открыл новую школу")
    uncached = ArticleFactory(title="В области построили мост")
    reader = Client(raise_request_exception=False)
    assert reader.get(cached.get_absolute_url()).status_code == 200  # stored
    assert reader.get("/").status_code == 200

    with database_down():
        hit = reader.get(cached.get_absolute_url())
        assert hit.status_code == 200
        assert "Губернатор открыл новую школу" in hit.content.decode()
        assert reader.get("/").status_code == 200
        assert_friendly_503(reader.get(uncached.get_absolute_url()))
        assert_friendly_503(reader.get("/search/?q=мост"))

    recovered = reader.get(uncached.get_absolute_url())
    assert recovered.status_code == 200
    assert "В области построили мост" in recovered.content.decode()


@pytest.mark.django_db
def test_comment_post_and_admin_answer_503_while_the_database_is_down():
    article = ArticleFactory()
    editor = Client(raise_request_exception=False)
    editor.force_login(staff_member(EDITORS, username="editor-faults"))
    reader = Client(raise_request_exception=False)
    with database_down(InterfaceError):
        assert_friendly_503(editor.get("/admin/"))
        assert_friendly_503(editor.get("/admin/articles/article/"))
        assert_friendly_503(reader.post(f"{article.get_absolute_url()}comment/", {"name": "x"}))
    assert editor.get("/admin/").status_code == 200


@pytest.mark.parametrize("debug", [False, True])
def test_an_error_below_the_views_becomes_503_even_with_debug_on(settings, debug):
    """A middleware (the session, the user) failing is turned into a 500 deep in the stack."""
    settings.DEBUG = debug

    def failing_middleware(request):
        raise OperationalError("server closed the connection unexpectedly")

    stack = DatabaseUnavailableMiddleware(convert_exception_to_response(failing_middleware))
    assert_friendly_503(stack(RequestFactory().get("/")))


def test_other_errors_are_left_to_the_500_page(settings):
    def broken(request):
        raise ValueError("a bug")

    stack = DatabaseUnavailableMiddleware(convert_exception_to_response(broken))
    assert stack(RequestFactory().get("/")).status_code == 500


def test_the_503_page_renders_without_the_database():
    with database_down():
        response = DatabaseUnavailableMiddleware(lambda r: None).process_exception(
            RequestFactory().get("/"), OperationalError("down")
        )
    assert_friendly_503(response)


def postgres_pass():
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_pass(), reason="a real outage needs PostgreSQL (DATABASE_URL)")
def test_gunicorn_on_postgresql_answers_503_while_connections_are_refused_then_recovers():
    """A real outage: the database refuses connections and its sessions are cut."""
    import psycopg2

    from bench.flood import PORTS, prepare
    from bench.servers import Gunicorn, free_port, recreate_database

    name = "pressoffice_faults_outage"
    url = recreate_database(name)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pressoffice.settings.bench",
        "DATABASE_URL": url,
        "REDIS_URL": "",  # locmem in the one worker: the page cache survives the outage
        "DJANGO_STATIC_ROOT": str(settings.BASE_DIR / "var" / "flood" / "static"),
        "DJANGO_MEDIA_ROOT": str(settings.BASE_DIR / "var" / "flood" / "media"),
    }
    prepare(env)
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True

    def outage(on):
        with admin.cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {'false' if on else 'true'}")
            if on:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                )

    try:
        with Gunicorn(env, port=free_port(PORTS), workers=1) as server:
            assert fetch(server.base + "/")[0] == 200  # now in the page cache
            assert fetch(server.base + "/people/")[0] == 200
            outage(True)
            status, _headers, body = fetch(server.base + "/")
            assert status == 200 and "<main" in body  # served from the cache
            status, headers, body = fetch(server.base + "/search/?q=shkola")
            assert status == 503, body[:2000]
            assert FRIENDLY in body and "Traceback" not in body
            assert headers["Retry-After"].isdigit()
            assert fetch(server.base + "/admin/login/")[0] == 503
            outage(False)
            deadline = time.monotonic() + 20
            while fetch(server.base + "/search/?q=shkola")[0] != 200:
                assert time.monotonic() < deadline, "the site did not recover by itself"
                time.sleep(0.5)
            assert fetch(server.base + "/admin/login/")[0] == 200
            assert "Internal Server Error" not in server.log()
    finally:
        outage(False)
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
