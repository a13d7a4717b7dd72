"""What the page cache must know about the media's section. Connected in PressConfig.ready().

- The footer of every page shows the official channels: a change to one makes every process
  read them again (channels.py) and bumps ``site``, which every cached page depends on.
- Contacts, hours and the rules appear on the section's page alone, which depends on the tag
  ``press`` besides ``site``: editing a phone number does not empty the whole cache.
- The accreditation form is a ReaderForm signed as comment forms are (content type, object,
  time): the comments' registration (comments/cached_pages.py) finds it in a cached page and
  signs it afresh for each reader, so "too fast" and "too old" count from the reader's visit.
"""

from django.db import transaction
from django.db.models import signals

from pagecache import registry
from pagecache.tags import SITE, bump, bump_on_change

from . import channels
from .models import Channel, Contact, OfficeHours, RepublicationRules

PRESS = "press"


def _channel_changed(sender, **kwargs):
    # At once, so this transaction's own pages see it; after the commit, so that no process
    # keeps a list it read while the change was not yet committed.
    channels.changed()
    transaction.on_commit(channels.changed)
    bump(SITE)


def press_tags(response):
    """The section's page says so in its context."""
    context = getattr(response, "context_data", None) or {}
    return [PRESS] if context.get("press_section") else []


def connect():
    for signal in (signals.post_save, signals.post_delete):
        signal.connect(_channel_changed, sender=Channel, dispatch_uid=f"pagecache-ch-{signal!r}")
    bump_on_change(PRESS, Contact, OfficeHours, RepublicationRules)
    registry.shown_by(press_tags)
