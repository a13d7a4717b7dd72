"""Django's Redis cache backend, with one client per connection pool, failing soft.

One client per pool: Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis``
object for every cache call; building one fills a table of ~170 response callbacks, which cost
more than the network round trip itself (0.17 ms a call here, most of a cached page's time).
The client is thread-safe and the pool is already shared, so one client per pool is kept.

Failing soft: the cache is an optimisation, so Redis being down must not take the site with it.
Every operation catches Redis's errors: reads miss, writes are dropped, ``incr`` raises the
``ValueError`` of a missing key (django-ratelimit then fails open, as RATELIMIT_FAIL_OPEN asks).
After a failure Redis is left alone for ``RETRY_AFTER`` seconds, so an unreachable server costs
nothing per request rather than a connect timeout per call; errors are logged at most once per
``LOG_EVERY`` seconds, with the number left unlogged.
"""

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import RedisError

from .logthrottle import LogThrottle
from .tracking import TrackedReads

logger = logging.getLogger(__name__)

RETRY_AFTER = 2.0  # seconds without trying Redis after a failure
LOG_EVERY = 30.0  # seconds between two logged failures


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class _Outage:
    """When Redis last failed, and the log lines held back since the last one written."""

    def __init__(self):
        self.down_until = 0.0
        self.log = LogThrottle(LOG_EVERY)

    def skipping(self):
        return time.monotonic() < self.down_until

    def failed(self, operation, error):
        self.down_until = time.monotonic() + RETRY_AFTER
        unlogged = self.log.due()
        if unlogged is None:
            return
        logger.error(
            "cache: Redis unavailable (%s: %r); serving without the cache for %.0f s "
            "(%d failures not logged since the last report)",
            operation, error, RETRY_AFTER, unlogged,
        )  # fmt: skip


def _soft(fallback):
    """Run the operation unless Redis is known to be down; on a Redis error, ``fallback``."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._outage.skipping():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:  # ConnectionError and TimeoutError among them
                self._outage.failed(method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found: the cache is unavailable")


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._outage = _Outage()
        self._tracked = TrackedReads(self)

    def validate_key(self, key):
        """Nothing to check: Django warns of keys memcached would refuse (over 250 characters,
        spaces, control characters), a generator and a regex per key of every call, and Redis
        takes any key. The tests' local-memory cache still warns."""

    @_soft(lambda *a, **k: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_soft(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_soft(lambda *a, **k: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_soft(lambda *a, **k: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_soft(lambda *a, **k: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_soft(lambda *a, **k: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_soft(lambda *a, **k: {})
    def get_many_tracked(self, keys, version=None):
        """``get_many``, answered from this process's memory while Redis has not said that
        the values changed (pressoffice/tracking.py). The values are shared: never change them."""
        return self._tracked.get_many(keys, version)

    @_soft(lambda *a, **k: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_soft(_missing)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_soft(lambda data, *a, **k: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_soft(lambda *a, **k: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_soft(lambda *a, **k: False)
    def clear(self):
        """Delete this site's keys only. Django's clear() is FLUSHDB, which also deletes the
        keys of anything else sharing the Redis database; the site's keys all start with
        KEY_PREFIX (Django's make_key), found with SCAN so Redis is never blocked by KEYS."""
        client = self._cache.get_client(write=True)
        pattern = self.make_key("*").split(":", 1)[0] + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
        return True
