"""URL patterns of the discovery pages, grouped by the namespace each is mounted under: the
region and person pages keep the namespaces they always had."""

from django.urls import path

from . import views
from .search import views as search_views

region_patterns = (
    [
        path("", views.RegionListView.as_view(), name="region-list"),
        path("<slug:slug>/", views.RegionDetailView.as_view(), name="region-detail"),
    ],
    "regions",
)

person_patterns = (
    [
        path("", views.PersonListView.as_view(), name="person-list"),
        path("<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    ],
    "people",
)

app_name = "discovery"

urlpatterns = [
    path("search/", search_views.SearchView.as_view(), name="search"),
]
