"""The project's URLs plus the bench's floor view and uploaded media (no nginx in front)."""

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from pressoffice.urls import handler500
from pressoffice.urls import urlpatterns as project_urlpatterns

from .views import floor

urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    # In production nginx serves uploads; here the app does, so Lighthouse sees the images.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *project_urlpatterns,
]

__all__ = ["handler500", "urlpatterns"]
