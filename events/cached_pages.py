"""What the page cache must know about announcements. Connected in EventsConfig.ready().

The pages that show announcements (the home page, «Анонсы», an announcement's page, the
calendars) depend on the tag ``events``, which any change to an announcement bumps, and on the
tag of each report article they link (its unpublishing removes the link). They change by
themselves when an announcement starts or ends: the home page must stop showing it then, and
«Анонсы» moves it to the past ones.
"""

from django.db.models import Min, Q, signals
from django.utils import timezone

from articles.views import HomeView
from pagecache import registry
from pagecache.tags import article_tag, bump, bump_on_change

from .models import Event

EVENTS = "events"


class ShowsEvents:
    """Marks a view whose pages show announcements; see ``shows_events``."""


def shows_events(response):
    context = getattr(response, "context_data", None) or {}
    return isinstance(context.get("view"), ShowsEvents | HomeView)


def event_tags(response):
    if not shows_events(response):
        return []
    context = response.context_data
    reports = set()
    for value in context.values():
        items = [value] if isinstance(value, Event) else getattr(value, "object_list", value)
        # Lists, and querysets the page has read (never one it has not: no query here).
        if isinstance(items, list | tuple) or getattr(items, "_result_cache", None) is not None:
            reports.update(item.report.slug for item in items
                           if isinstance(item, Event) and item.report)  # fmt: skip
    return [EVENTS, *(article_tag(slug) for slug in sorted(reports))]


def next_change(kind, response):
    """The next moment an announcement starts or ends, for the pages that show them."""
    if not shows_events(response):
        return None
    now = timezone.now()
    moments = Event.objects.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)),
        end=Min("ends_at", filter=Q(ends_at__gt=now)),
    )
    return min((moment for moment in moments.values() if moment), default=None)


def _relations_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        bump(EVENTS)


def _event_saving(sender, instance, **kwargs):
    old = sender.objects.filter(pk=instance.pk).values_list("report__slug", flat=True).first()
    instance._pagecache_old_report = old


def _event_saved(sender, instance, **kwargs):
    # The report's page links back to the announcement by its title: the old and the new
    # report's page (and body fragment) change with any change to the announcement.
    old = getattr(instance, "_pagecache_old_report", None)
    new = instance.report.slug if instance.report_id and instance.report else None
    bump(article_tag(old), article_tag(new))


def connect():
    bump_on_change(EVENTS, Event)
    signals.pre_save.connect(_event_saving, sender=Event, dispatch_uid="pagecache-event-report0")
    signals.post_save.connect(_event_saved, sender=Event, dispatch_uid="pagecache-event-report1")
    signals.post_delete.connect(_event_saved, sender=Event, dispatch_uid="pagecache-event-report2")
    for field in ("regions", "people"):
        signals.m2m_changed.connect(
            _relations_changed, sender=getattr(Event, field).through,
            dispatch_uid=f"pagecache-event-{field}",
        )  # fmt: skip
    registry.shown_by(event_tags)
    registry.expires(next_change)
