"""``{% upcoming_announcements as name %}``: the announcements the home page shows.

The home page's view belongs to articles, below this app; the page cache still knows the
home page shows announcements and when it must change (events/cached_pages.py).
"""

from django import template
from django.utils import timezone

from articles.models import Article
from events.models import Event
from toolkit.compiled import Relation

register = template.Library()

ON_HOME = 5


@register.simple_tag
def upcoming_announcements():
    """The ``ON_HOME`` soonest announcements not over yet, and whether there are more."""
    shown = list(Event.objects.upcoming()[: ON_HOME + 1])
    return {"events": shown[:ON_HOME], "more": len(shown) > ON_HOME}


def _local(moment):
    return timezone.localtime(moment)


@register.inclusion_tag("events/when.html")
def event_when(event):
    """When, in the office's time zone: one day with its hours, or from one moment to another."""
    start, end = _local(event.starts_at), _local(event.ends_at)
    return {"start": start, "end": end, "same_day": start.date() == end.date()}


@register.simple_tag
def reported_events(article):
    """The announcements ``article`` reports on, for a link back from its page (rendered inside
    the article's body fragment: a kept fragment reads nothing)."""
    return list(REPORTED.load(article))


# SQL built once per process: the article page renders this on every fully cold request.
REPORTED = Relation(
    Article, "reported_events", lambda events: events.order_by("starts_at").only("slug", "title")
)
