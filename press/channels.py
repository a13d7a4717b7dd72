"""The office's official channels for the footer of every page, remembered by each process:
the footer costs no query once the list is known. A change to a channel writes a new version
of the list into the shared cache (at once and again after its commit; cached_pages.py), and
every process reads the list afresh when it sees a version it has not read it under.

What a process remembers is also dropped after MEMO_SECONDS: a process that slept through a
change and then finds the cache emptied (a Redis restart: the version gone) would otherwise
keep the old list until the next change.
"""

import logging
import time

from django.core.cache import cache

from .models import Channel

logger = logging.getLogger(__name__)

VERSION_KEY = "press:channels:version"
MEMO_SECONDS = 600
_memo = ("", [], 0.0)  # (version, channels, when read)


def official_channels():
    """``[(kind, name, url)]`` in the order set in the admin."""
    global _memo
    try:
        version = cache.get(VERSION_KEY, "0")
    except Exception:  # the cache is down: read the table, as if there were no cache
        logger.warning("press: cache unavailable, reading channels from the database")
        version = None
    known, found, read_at = _memo
    if version is not None and version == known and time.monotonic() - read_at < MEMO_SECONDS:
        return found
    found = [(c.kind, c.get_kind_display(), c.url) for c in Channel.objects.all()]
    if version is not None:
        _memo = (version, found, time.monotonic())
    return found


def changed():
    """The list changed: every process reads it again."""
    global _memo
    _memo = ("", [], 0.0)
    try:
        cache.set(VERSION_KEY, f"{time.time():.6f}", timeout=None)
    except Exception:
        logger.exception("press: could not announce new channels; processes see them in %s s",
                         MEMO_SECONDS)  # fmt: skip


def remember_none():
    """As a new database has it: no channels, no version. For tests, which empty the cache
    and the tables between them."""
    global _memo
    _memo = ("0", [], time.monotonic())
