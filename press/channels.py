"""The office's official channels for the footer of every page, kept in the cache: the footer
costs no query once the list is known, and any change to a channel forgets it
(cached_pages.py), together with every cached page."""

import logging

from django.core.cache import cache

from .models import Channel

logger = logging.getLogger(__name__)

KEY = "press:channels"
# A bound on how long a list read just before a change can outlive it (a render that read the
# table before the change committed and stored its list after the change forgot it).
SECONDS = 300


def official_channels():
    """``[(kind, name, url)]`` in the order set in the admin."""
    try:
        found = cache.get(KEY)
    except Exception:  # the cache is down: read the table, as if there were no cache
        logger.warning("press: cache unavailable, reading channels from the database")
        found = None
    if found is None:
        found = [
            (channel.kind, channel.get_kind_display(), channel.url)
            for channel in Channel.objects.all()
        ]
        try:
            cache.set(KEY, found, SECONDS)
        except Exception:
            logger.warning("press: cache unavailable, channels not kept")
    return found


def forget():
    try:
        cache.delete(KEY)
    except Exception:
        logger.exception("press: could not forget the channels; they expire in %s s", SECONDS)
