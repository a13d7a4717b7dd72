"""A short Redis stall must not lose a cache invalidation: the withdrawal made while Redis did
not answer reaches the page cache once it answers again, and the failure is logged as an
error (issue 12, item 8). Against a real redis-server the test starts, stops (SIGSTOP) and
resumes (SIGCONT)."""

import logging
import signal
import time

import pytest
from django.test import Client

from articles import workflow
from pagecache import tags
from tests.factories import ArticleFactory, TextBlockFactory, UserFactory
from tests.faults.redis_server import own_redis  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stallable(settings, own_redis, monkeypatch):  # noqa: F811
    settings.CACHES = {
        "default": {
            "BACKEND": "pressoffice.cache.RedisCache",
            "LOCATION": own_redis,
            "KEY_PREFIX": "pressoffice",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.3},
        }
    }
    settings.PAGE_CACHE_SECONDS = 3600
    monkeypatch.setattr(tags, "RETRY_SECONDS", 0.2, raising=False)
    yield own_redis.process
    own_redis.process.send_signal(signal.SIGCONT)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_a_withdrawal_during_a_redis_stall_reaches_the_cache_once_redis_answers(
    stallable, caplog, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Материал, который снимут")
    TextBlockFactory(article=article, text="<p>Полный текст материала</p>")
    reader = Client()
    assert "Полный текст материала" in reader.get(article.get_absolute_url()).content.decode()
    assert reader.get(article.get_absolute_url()).status_code == 200  # now from the cache

    stallable.send_signal(signal.SIGSTOP)
    try:
        editor = UserFactory(username="editor-stall", is_staff=True, is_superuser=True)
        with (
            caplog.at_level(logging.ERROR, logger="pagecache"),
            django_capture_on_commit_callbacks(execute=True),  # the invalidation runs on commit
        ):
            workflow.transition(article, "unpublish", by=editor, reason="Ошибка в цифрах")
        assert any("could not invalidate" in r.getMessage() for r in caplog.records
                   if r.levelno >= logging.ERROR)  # fmt: skip
    finally:
        stallable.send_signal(signal.SIGCONT)

    deadline = time.monotonic() + 10  # the issue allows 60 s; here the retry runs every 0.2 s
    while time.monotonic() < deadline:
        response = reader.get(article.get_absolute_url())
        if response.status_code == 410:
            break
        time.sleep(0.2)
    assert response.status_code == 410
    assert "Полный текст материала" not in response.content.decode()
    home = reader.get("/").content.decode()
    assert "Материал, который снимут" not in home
