"""The Redis cache backend keeps one client per pool (Django builds one per call)."""

import socket
from unittest import mock

import pytest

from pressoffice.cache import RedisCache


def redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_one_client_is_reused_for_every_call():
    cache = RedisCache("redis://127.0.0.1:6379/9", {})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first  # one server: one pool


@pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_it_still_stores_and_reads():
    cache = RedisCache("redis://127.0.0.1:6379/9", {"KEY_PREFIX": "pressoffice-test-backend"})
    cache.set("key", {"value": [1, 2]}, 30)
    assert cache.get_many(["key", "missing"]) == {"key": {"value": [1, 2]}}
    cache.delete("key")


def test_keys_are_not_checked_against_memcacheds_rules():
    """Django checks every key of every call for memcached's limits (a generator and a regex
    per key, dozens per page-cache hit); Redis takes any key."""
    cache = RedisCache("redis://127.0.0.1:6379/9", {"KEY_PREFIX": "p"})
    with mock.patch("django.core.cache.backends.base.memcache_key_warnings") as checked:
        assert cache.make_and_validate_key("pagecache:tag:x") == "p:1:pagecache:tag:x"
    checked.assert_not_called()


def test_redis_replies_are_read_in_c():
    """hiredis (requirements.txt): redis-py packs commands and parses replies in C, where its
    own parser took a dozen Python calls per key of a page-cache hit's read."""
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE
