"""Two app servers, one PostgreSQL, one Redis: what one does, the other shows at once.

Runs gunicorn twice with the production settings, as the deployment does (docs/deploy.md), and
talks HTTP to both. Only in the PostgreSQL pass of the suite (`.ci/run` runs it), and only where
Redis answers: elsewhere it is skipped with the reason.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
SEED = "/news/gubernatory-ulyanovskoy-i-tulskoy-oblastey-podpisali-soglashenie-o-sotrudnichestve/"
REDIS = ("127.0.0.1", 6379)
PASSWORD = "scale-out-Pa55word"


def answers(address):
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        return False
    return True


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="scale-out: needs DATABASE_URL on PostgreSQL (the second pass of .ci/run)",
    ),
    pytest.mark.skipif(not answers(REDIS), reason="scale-out: no Redis at 127.0.0.1:6379"),
    pytest.mark.skipif(not GUNICORN.exists(), reason="scale-out: gunicorn not installed"),
]


class Browser:
    """A reader's or a staff member's cookies against one server, over plain HTTP.

    The production settings mark cookies Secure and trust X-Forwarded-Proto as nginx would
    set it, so cookies are kept by hand (http.cookiejar would not send Secure ones over HTTP).
    """

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + path,
                }
            )
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text

    def get(self, path):
        return self.request("GET", path)

    def token(self, path):
        status, text = self.get(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)

    def log_in(self, username):
        token = self.token("/admin/login/")
        form = {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        status, _ = self.request("POST", "/admin/login/?next=/admin/", form)
        assert status == 302 and "sessionid" in self.cookies

    def admin_action(self, changelist, action, pk, **extra):
        token = self.token(changelist)
        form = {"csrfmiddlewaretoken": token, "action": action, "_selected_action": pk, **extra}
        status, text = self.request("POST", changelist, form)
        assert status == 302, text[:500]


SETUP = """
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from articles.models import Article
from comments.models import Comment
from pressoffice.models import User

for name, group in (("moderator", "Модераторы"), ("editor", "Редакторы")):
    user = User.objects.create_user(name, password={password!r}, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
seed = Article.objects.get(slug={slug!r})
comment = Comment.objects.create(
    content_type=ContentType.objects.get_for_model(Article), object_pk=str(seed.pk), site_id=1,
    user_name="Читатель", user_email="reader@example.ru", comment={comment!r}, is_public=False,
)
draft = Article.objects.filter(status=Article.Status.DRAFT).first()
print("RESULT", comment.pk, draft.pk, draft.title, sep="\\n")
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    import psycopg2

    server = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"))
    name = "pressoffice_scaleout"
    admin_url = server._replace(path="/postgres").geturl()

    def recreate(create):
        connection = psycopg2.connect(admin_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            if create:
                cursor.execute(f"CREATE DATABASE {name}")
        connection.close()

    recreate(True)
    folder = tmp_path_factory.mktemp("scaleout")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pressoffice.settings.production",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": server._replace(path=f"/{name}").geturl(),
        # A database of its own in Redis, and a prefix, so nothing else's keys are touched.
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STAFF_2FA": "none",  # production asks editors for a TOTP code; not tested here
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }

    def manage(*args, **kwargs):
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True,
                              text=True, timeout=300, **kwargs)  # fmt: skip

    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("load_demo")
    comment_text = "Комментарий, одобренный на первом сервере"
    setup = SETUP.format(password=PASSWORD, slug=SEED.split("/")[2], comment=comment_text)
    printed = manage("shell", "-c", setup).stdout.split("RESULT\n", 1)[1]
    comment_pk, draft_pk, draft_title = printed.split("\n")[:3]
    manage("shell", "-c", "from django.core.cache import cache; cache.clear()")

    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                str(GUNICORN),
                "pressoffice.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 30
            while not answers(("127.0.0.1", port)):
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield {
            "ports": ports,
            "comment": (comment_pk, comment_text),
            "draft": (draft_pk, draft_title),
        }
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=10)
        manage("shell", "-c", "from django.core.cache import cache; cache.clear()")
        recreate(False)


def test_a_comment_approved_on_one_server_shows_on_the_other(cluster):
    first, second = cluster["ports"]
    pk, text = cluster["comment"]
    reader = Browser(second)
    for _ in range(2):  # the second view comes from the shared cache
        status, page = reader.get(SEED)
        assert status == 200 and text not in page
    moderator = Browser(first)
    moderator.log_in("moderator")
    moderator.admin_action("/admin/comments/comment/?status=pending", "approve", pk)
    status, page = reader.get(SEED)
    assert status == 200 and text in page


def test_publishing_on_one_server_refreshes_the_others_cached_pages(cluster):
    first, second = cluster["ports"]
    pk, title = cluster["draft"]
    reader = Browser(second)
    for _ in range(2):
        status, page = reader.get("/")
        assert status == 200 and title not in page
    editor = Browser(first)
    editor.log_in("editor")
    editor.admin_action("/admin/articles/article/", "publish", pk)
    status, page = reader.get("/")
    assert status == 200 and title in page
