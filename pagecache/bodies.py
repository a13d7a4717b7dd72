"""The stored HTML of pages: under its own hash, apart from the entries that name it, with the
per-reader values (the CSRF token, a form's signature) punched out; and each worker's memory of
the bodies it served last (``LOCAL_BYTES``). A body never changes under its key, so the memory
copy is never stale, and a hit asks Redis only for the entry and its tags' versions.
"""

import hashlib
import hmac
import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

LOCAL_BYTES = 32 * 1024 * 1024  # bodies each worker keeps in memory


def placeholder():
    # Unguessable, so no text a reader or an editor writes can make us print a token.
    digest = hmac.new(settings.SECRET_KEY.encode(), b"page-cache-csrf", hashlib.sha256)
    return "csrf-" + digest.hexdigest()[:40]


def body_key(digest):
    return f"pagecache:body:{digest}"


class Bodies:
    """The bodies this worker served last, by their hash, split at the per-reader markers."""

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self.parts = OrderedDict()
        self.lock = threading.Lock()

    def get(self, digest):
        with self.lock:
            parts = self.parts.get(digest)
            if parts is not None:
                self.parts.move_to_end(digest)
            return parts

    def put(self, digest, parts):
        size = _size(parts)
        with self.lock:
            if digest in self.parts or size > self.limit:
                return
            self.parts[digest] = parts
            self.size += size
            while self.size > self.limit:
                _old, dropped = self.parts.popitem(last=False)
                self.size -= _size(dropped)

    def clear(self):
        with self.lock:
            self.parts.clear()
            self.size = 0


def _size(parts):
    # Added and taken away by the same measure, so the total never drifts.
    return sum(len(part) for part in parts if isinstance(part, bytes))


memory = Bodies(LOCAL_BYTES)


def split(content, marker):
    """The body as text segments and the names of what goes between them: "token", "ts",
    "hash". One join per hit instead of a replace per marker over the whole page."""
    escaped = re.escape(marker.encode())
    pieces = re.split(rb"(" + escaped + rb"(?:-ts|-hash)?)", content)
    names = {marker.encode(): "token", f"{marker}-ts".encode(): "ts",
             f"{marker}-hash".encode(): "hash"}  # fmt: skip
    return tuple(names[piece] if i % 2 else piece for i, piece in enumerate(pieces))


def body(entry):
    """The entry's body, split; from memory, else from the cache (None when it is gone)."""
    digest = entry.get("body")  # None: an entry stored by a release that kept bodies inline
    if digest is None:
        return None
    parts = memory.get(digest)
    if parts is None:
        content = cache.get(body_key(digest))
        if content is None:
            return None
        parts = split(content, entry["placeholder"])
        memory.put(digest, parts)
    return parts


def store(digest, content, timeout):
    cache.set(body_key(digest), content, timeout)
