"""Tags and their versions: what a cached page or fragment depends on, and how a change
makes every page that depends on it be rendered again.

Tags: ``site`` (names that appear everywhere: people, regions, topics), ``articles`` (which
articles are public and what they say) and ``article:<slug>`` (one article's page, its comments
and its card's comment count). A tag's version is the time it last changed; a stored page
remembers the versions it was rendered under and is served only while they are current.
"""

import functools
import hashlib
import logging
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import signals

logger = logging.getLogger(__name__)

SITE = "site"
ARTICLES = "articles"


@functools.lru_cache(maxsize=16384)
def tag_key(tag):
    """The cache key of ``tag``'s version; remembered, as a list's hit asks for dozens."""
    return f"pagecache:tag:{hashlib.md5(tag.encode()).hexdigest()}"  # noqa: S324 (not security)


def article_tag(slug):
    return f"article:{slug}"


def bump(*tags):
    """Invalidate every page that depends on ``tags``, once the current transaction commits."""
    tags = {tag for tag in tags if tag}
    if tags:
        transaction.on_commit(lambda: _bump_now(tags))


def bump_on_change(tag, *models):
    """Bump ``tag`` whenever a row of one of ``models`` is saved or deleted."""

    def changed(sender, **kwargs):
        bump(tag)

    for model in models:
        for signal in (signals.post_save, signals.post_delete):
            signal.connect(
                changed, sender=model, weak=False, dispatch_uid=f"pagecache-{model._meta.label}"
            )


def _write_versions(tags):
    """True when every tag got a new version. A new value, not an increment: a restarted or
    evicted cache can never bring an old version back."""
    now = time.time()
    try:
        # Our Redis backend fails soft: set_many answers the keys it could not write.
        failed = cache.set_many({tag_key(tag): f"{now:.6f}" for tag in tags}, timeout=None)
        if not failed:
            # One more round trip: Redis answers it only after it has pushed the change to
            # every worker that keeps these versions in memory (pressoffice/tracking.py), so
            # whatever follows this bump, in any worker, finds the new versions.
            cache.get(tag_key(next(iter(tags))))
    except Exception:
        logger.exception("page cache: writing versions of %s failed", sorted(tags))
        return False
    return not failed


def _bump_now(tags):
    if not _write_versions(tags):
        # A stalled or unreachable Redis: the pages that show these tags would be served as
        # they were until their entries expire. Retried in the background until it lands.
        logger.error("page cache: could not invalidate %s; retrying until Redis answers",
                     sorted(tags))  # fmt: skip
        _keep_trying(tags)


RETRY_SECONDS = 1.0
_pending = set()
_pending_lock = threading.Lock()
_retrier = None


def _keep_trying(tags):
    """Remember ``tags`` and make sure a thread of this process retries them every second."""
    global _retrier
    with _pending_lock:
        _pending.update(tags)
        if _retrier is None or not _retrier.is_alive():
            _retrier = threading.Thread(target=_retry, name="pagecache-retry", daemon=True)
            _retrier.start()


def _retry():
    while True:
        time.sleep(RETRY_SECONDS)
        with _pending_lock:
            tags = set(_pending)
            if not tags:
                return
        if _write_versions(tags):
            with _pending_lock:
                _pending.difference_update(tags)
            logger.warning("page cache: the delayed invalidation of %s is written", sorted(tags))


def forget_pending():
    """Drop the bumps still waiting for Redis; the retrying thread ends by itself. For tests:
    a bump left over by one test's broken Redis must not land in the next test's cache."""
    with _pending_lock:
        _pending.clear()


def versions(tags):
    """``{tag: version}`` of ``tags``, in one read of the cache; None when the cache cannot
    be read (whoever asked renders without it)."""
    try:
        return read(tags)
    except Exception:
        logger.exception("page cache: reading versions of %s failed", sorted(tags))
        return None


def read(tags):
    """``{tag: version}`` of ``tags``; raises when the cache cannot be read."""
    found = cache.get_many([tag_key(tag) for tag in tags])
    return {tag: found.get(tag_key(tag), "0") for tag in tags}
