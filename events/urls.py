from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event-list"),
    path("calendar.ics", views.CalendarView.as_view(), name="calendar"),
    path("regions/<slug:slug>/", views.RegionEventListView.as_view(), name="region-events"),
    path(
        "regions/<slug:slug>/calendar.ics", views.CalendarView.as_view(), name="region-calendar"
    ),  # fmt: skip
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
]
