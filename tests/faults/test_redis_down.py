"""Redis down: the site keeps serving; cache failures are logged (a few lines), never raised."""

import logging
import time

import pytest
from django.test import Client

from comments.models import Comment
from pressoffice import cache as soft_cache
from pressoffice.cache import RedisCache
from pressoffice.roles import EDITORS
from tests.comments.helpers import form_data
from tests.factories import ArticleFactory, staff_member

NOTHING_LISTENS = "redis://127.0.0.1:1/0"  # port 1: connections are refused at once
DEAD_REDIS = {
    "default": {
        "BACKEND": "pressoffice.cache.RedisCache",
        "LOCATION": NOTHING_LISTENS,
        "KEY_PREFIX": "pressoffice",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = DEAD_REDIS
    settings.PAGE_CACHE_SECONDS = 3600  # the page cache tries Redis on every page too
    settings.COMMENTS_MIN_SECONDS = 0
    yield
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def dead():
    return RedisCache(NOTHING_LISTENS, {"OPTIONS": {"socket_connect_timeout": 0.25}})


@pytest.mark.django_db
def test_pages_comments_and_admin_login_work_without_redis(dead_redis, caplog):
    from django.core.cache import caches

    assert isinstance(caches["default"], RedisCache)
    article = ArticleFactory(title="Губернатор открыл новую школу")
    reader = Client()
    started = time.monotonic()
    assert reader.get("/").status_code == 200
    page = reader.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Губернатор открыл новую школу" in page.content.decode()

    posted = reader.post(f"{article.get_absolute_url()}comment/", form_data(article))
    assert posted.status_code == 302
    assert Comment.objects.filter(comment__startswith="Хорошая новость").count() == 1

    staff_member(EDITORS, username="editor-redis-down", password="pressoffice-test-pw")
    staff = Client()
    login = staff.post(
        "/admin/login/?next=/admin/",
        {"username": "editor-redis-down", "password": "pressoffice-test-pw"},
    )
    assert login.status_code == 302, login.content.decode()[:500]
    assert staff.get("/admin/").status_code == 200
    assert staff.get("/admin/articles/article/").status_code == 200
    assert time.monotonic() - started < 10


@pytest.mark.django_db
def test_the_comment_rate_limit_fails_open_without_redis(dead_redis, settings):
    settings.COMMENTS_RATE = "2/10m"
    article = ArticleFactory()
    reader = Client()
    for n in range(4):
        data = form_data(article, comment=f"Комментарий номер {n}, без Redis.")
        assert reader.post(f"{article.get_absolute_url()}comment/", data).status_code == 302
    assert Comment.objects.count() == 4


def test_every_operation_misses_or_drops_instead_of_raising():
    redis = dead()
    assert redis.get("k") is None
    assert redis.get("k", "fallback") == "fallback"
    assert redis.get_many(["a", "b"]) == {}
    assert redis.get_or_set("k", lambda: 42) == 42
    assert redis.set("k", 1) is None
    assert redis.add("k", 1) is False
    assert redis.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert redis.delete("k") is False
    assert redis.delete_many(["a"]) is None
    assert redis.has_key("k") is False
    assert redis.touch("k") is False
    assert redis.clear() is False
    with pytest.raises(ValueError):  # as for a missing key: django-ratelimit then fails open
        redis.incr("k")


def test_failures_are_logged_once_per_interval_not_once_per_call(caplog, monkeypatch):
    monkeypatch.setattr(soft_cache, "RETRY_AFTER", 0.0)  # try Redis on every call
    redis = dead()
    with caplog.at_level(logging.ERROR, logger="pressoffice.cache"):
        for _ in range(50):
            redis.get("k")
    assert len(caplog.records) == 1
    assert "Redis unavailable" in caplog.records[0].getMessage()


def test_after_a_failure_redis_is_left_alone_for_a_while(monkeypatch):
    redis = dead()
    redis.get("k")  # fails, starts the pause
    calls = []
    monkeypatch.setattr(redis._cache, "get_client", lambda *a, **k: calls.append(1))
    started = time.monotonic()
    for _ in range(1000):
        assert redis.get("k") is None
    assert calls == []
    assert time.monotonic() - started < 0.5


def test_a_black_holed_redis_costs_at_most_the_short_timeout_once():
    """10.255.255.1 is not routed: the connect times out (0.25 s) instead of being refused."""
    redis = RedisCache("redis://10.255.255.1:6379/0", {"OPTIONS": {"socket_connect_timeout": 0.25}})
    started = time.monotonic()
    for _ in range(20):
        redis.get("k")
    assert time.monotonic() - started < 1.5
