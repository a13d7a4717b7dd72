"""`manage.py restore` empties only this site's cache keys: a Redis database shared with
anything else keeps that other thing's keys (issue 12, item 13)."""

import pytest
import redis
from django.core.cache import caches

from tests.faults.redis_server import own_redis  # noqa: F401  (fixture)


@pytest.fixture
def shared_redis(settings, own_redis):  # noqa: F811
    settings.CACHES = {
        "default": {
            "BACKEND": "pressoffice.cache.RedisCache",
            "LOCATION": own_redis,
            "KEY_PREFIX": "pressoffice",
        }
    }
    yield redis.Redis.from_url(own_redis)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_clearing_the_cache_leaves_other_keys_in_the_database(shared_redis):
    site = caches["default"]
    site.set("pagecache:page:abc", "страница", 60)
    site.set("ratelimit:x", 1, 60)
    shared_redis.set("celery-task-meta-1", "чужое")
    shared_redis.set("otherapp:1:session", "чужое")
    assert site.get("pagecache:page:abc") == "страница"

    site.clear()

    assert site.get("pagecache:page:abc") is None and site.get("ratelimit:x") is None
    assert shared_redis.get("celery-task-meta-1") == "чужое".encode()
    assert shared_redis.get("otherapp:1:session") == "чужое".encode()
