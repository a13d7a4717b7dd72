"""Public pages of announcements: «Анонсы» (all, or one region's), one announcement, and the
calendars (.ics) that calendar programs subscribe to."""

from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, ListView

from articles.views import UnboundedPaginator
from pagecache.registry import cached_page
from people.models import Appointment, Person
from regions.models import Region

from . import calendar
from .cached_pages import ShowsEvents
from .models import Event

PAST_PER_PAGE = 20


def regions_with_events():
    """The regions some announcement names, for the per-region calendars."""
    tagged = Event.regions.through.objects.filter(region=OuterRef("pk"))
    return Region.objects.filter(Exists(tagged))


def subscription_links(request, url):
    """The calendar at ``url`` as https (or http) and as webcal://, which calendar programs
    open as a subscription."""
    address = request.build_absolute_uri(url)
    return {"https": address, "webcal": "webcal://" + address.split("://", 1)[1]}


@cached_page("site")
class EventListView(ShowsEvents, ListView):
    """Upcoming announcements first, soonest first; then past ones, latest first, paginated."""

    template_name = "events/event_list.html"
    context_object_name = "past"
    paginate_by = PAST_PER_PAGE
    paginator_class = UnboundedPaginator
    region = None

    def events(self):
        return Event.objects.for_lists()

    def get_queryset(self):
        return self.events().past()

    def calendar_url(self):
        return reverse("events:calendar")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            region=self.region,
            upcoming=list(self.events().upcoming()) if page.number == 1 else [],
            calendar=subscription_links(self.request, self.calendar_url()),
            regions=regions_with_events() if self.region is None else [],
        )
        return context


@cached_page("site")
class RegionEventListView(EventListView):
    """A region's announcements (a federal district's include its subjects')."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.region = get_object_or_404(Region, slug=kwargs["slug"])
        self.region_ids = self.region.with_subjects()  # read once for both lists

    def events(self):
        return super().events().in_region(self.region_ids)

    def calendar_url(self):
        return reverse("events:region-calendar", kwargs={"slug": self.region.slug})


@cached_page("site")
class EventDetailView(ShowsEvents, DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        people = Person.objects.public().prefetch_related(
            Prefetch("appointments", queryset=Appointment.objects.select_related("region"))
        )
        return Event.objects.for_lists().prefetch_related(Prefetch("people", queryset=people))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        context["people"] = [(person, person.title_on(event.starts_at))
                             for person in event.people.all()]  # fmt: skip
        context["calendar"] = subscription_links(self.request, reverse("events:calendar"))
        return context


@cached_page("site")
class CalendarView(ShowsEvents, View):
    """An iCalendar feed of every announcement, past ones included (a subscriber's calendar
    keeps its history), or of one region's."""

    def get(self, request, slug=None):
        events = Event.objects.for_lists().order_by("starts_at", "pk")
        region = None
        if slug is not None:
            region = get_object_or_404(Region, slug=slug)
            events = events.in_region(region)
        body = calendar.build(events, request=request, region=region)
        response = HttpResponse(body, content_type=calendar.CONTENT_TYPE)
        # The page cache reads what a response shows from its context (events/cached_pages.py).
        response.context_data = {"view": self}
        return response
