"""Reads kept in the worker's memory until Redis says they changed (server-assisted client-side
caching: RESP3 and ``CLIENT TRACKING``), for the page cache's hits.

A hit read its entry and its tags' versions from Redis on every request: a round trip, with
Redis's own work and two context switches on the same cores, about a fifth of a hit. Here the
values are kept after the first read, decoded, and Redis tells the worker when one changes.

How it stays correct:
- One connection per process, with ``CLIENT TRACKING ON BCAST PREFIX <the page cache's>``:
  once any client changes, deletes, evicts or expires a key under the prefix (creates one
  too), Redis pushes an ``invalidate`` message on this very connection (a null list:
  everything, as after FLUSHDB). Only keys under the prefix are kept; broadcast, Redis keeps
  no per-key table of what was read (reads of random addresses would grow it for good).
- Every read first takes in the pushes already waiting on the socket (one ``poll``, no round
  trip), then answers from memory what is still there and asks Redis for the rest.
- A reply and the pushes travel on one connection in the order Redis made them: a change
  made after Redis answered a read arrives after that answer, so it is never lost between
  the read and the keeping.
- A writer that needs every reader to see its change (``pagecache.tags``) makes one more
  round trip after writing; Redis answers it only after it has written the pushes of the
  write to every tracked connection (they are written in the same pass of its event loop as
  the write's own reply, before it reads the next command).
- Any error drops the connection and everything kept; the next read connects afresh (a new
  connection is tracked from its first read). A kept value is also read again after
  ``KEEP_SECONDS`` whatever happens, so a connection that died silently (no push, no error)
  cannot keep a value longer than that; nor can a worker keep serving from memory for longer
  than that while Redis is stalled, when a bump cannot be written (pagecache.tags retries it).
  A page asked for a thousand times a second costs Redis one read a second per worker.

redis-py has this built in (``cache_config=CacheConfig()``), but only for Redis 7.4 and later
(this server is 7.0), and it deep-copies every value it serves and takes three locks per
command; this is the part of it the page cache needs. Values served from memory are shared:
callers must not change them.
"""

import contextlib
import logging
import os
import threading
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# The keys kept, and the only ones Redis is asked to report changes of: the page cache's
# entries and tag versions. Broadcast by prefix, Redis keeps no table of the keys each worker
# read, which any address (a random slug, a 404) would grow for good.
TRACKED_PREFIX = "pagecache:"
KEEP_SECONDS = 1.0  # the longest a value is served without Redis having been asked again
KEEP_KEYS = 10_000  # values kept per process (an entry: 0.5–2.5 KB pickled); all dropped beyond
ABSENT = object()  # a key Redis does not hold, kept as such (its creation is pushed too)


class TrackedReads:
    """``get_many`` of a RedisCache, from memory while Redis has not pushed a change."""

    def __init__(self, backend):
        self.backend = backend
        self.lock = threading.Lock()
        self.connection = None
        self.pid = None
        self.kept = {}  # full Redis key (str) → (value or ABSENT, monotonic time to read again)
        self.unsupported = False  # a server without RESP3 or CLIENT TRACKING (Redis < 6)

    def get_many(self, keys, version=None):
        """``{key: value}`` of the keys Redis holds, as ``cache.get_many``; raises on errors."""
        if not all(key.startswith(TRACKED_PREFIX) for key in keys):
            return self.backend.get_many(keys, version)  # no change of these would be pushed
        if self.unsupported or not self.lock.acquire(blocking=False):
            # Another thread of this process is reading: not worth waiting for.
            return self.backend.get_many(keys, version)
        try:
            return self._get_many(keys, version)
        except (RedisConnectionError, RedisTimeoutError):
            # A restarted Redis, a dropped connection: read through the backend's own
            # connections, which reconnect (and report an outage only if Redis is down).
            self.drop()
            return self.backend.get_many(keys, version)
        except BaseException:
            self.drop()
            raise
        finally:
            self.lock.release()

    def drop(self):
        """Forget the connection and every kept value."""
        connection, self.connection = self.connection, None
        self.kept.clear()
        if connection is not None:
            with contextlib.suppress(Exception):  # already broken: nothing more to do with it
                connection.disconnect()

    def _get_many(self, keys, version):
        connection = self._connected()
        if connection is None:
            return self.backend.get_many(keys, version)
        # The pushes waiting on the socket: changes made since the values were read.
        while connection.can_read(0):
            connection.read_response(push_request=True)
        now = time.monotonic()
        names = {self.backend.make_key(key, version=version): key for key in keys}
        found, missing = {}, []
        for name, key in names.items():
            held = self.kept.get(name)
            if held is None or held[1] <= now:
                missing.append(name)
            elif held[0] is not ABSENT:
                found[key] = held[0]
        if missing:
            connection.send_command("MGET", *missing)
            # Pushes read before the reply are handled on the way (self._invalidated); they are
            # older than the reply, which is kept.
            reply = connection.read_response()
            if len(self.kept) + len(missing) > KEEP_KEYS:
                self.kept.clear()  # Redis keeps tracking them: later pushes find nothing
            loads = self.backend._cache._serializer.loads
            until = now + KEEP_SECONDS
            for name, raw in zip(missing, reply, strict=True):
                if raw is None:
                    self.kept[name] = (ABSENT, until)
                else:
                    value = found[names[name]] = loads(raw)
                    self.kept[name] = (value, until)
        return found

    def _connected(self):
        connection = self.connection
        if connection is not None and self.pid == os.getpid() and connection._sock is not None:
            return connection
        # New, forked or broken: values kept so far may have changed unseen.
        self.drop()
        pool = self.backend._cache._get_connection_pool(False)
        connection = pool.connection_class(**{**pool.connection_kwargs, "protocol": 3})
        try:
            connection.connect()
            connection._parser.set_invalidation_push_handler(self._invalidated)
            prefix = self.backend.make_key(TRACKED_PREFIX)
            connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", prefix)
            connection.read_response()
        except ResponseError as error:
            # The server refuses HELLO 3 or CLIENT TRACKING: read as before, for good.
            connection.disconnect()
            self.unsupported = True
            logger.warning("cache: no tracked reads (%r); every read goes to Redis", error)
            return None
        self.connection, self.pid = connection, os.getpid()
        return connection

    def _invalidated(self, message):
        changed = message[1]
        if changed is None:
            self.kept.clear()
            return
        for name in changed:
            self.kept.pop(name.decode() if isinstance(name, bytes) else name, None)
