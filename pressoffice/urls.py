from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.urls import person_patterns, region_patterns

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("regions/", include(region_patterns)),
    path("people/", include(person_patterns)),
    path("personal-data/", views.PersonalDataPolicyView.as_view(), name="personal-data"),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "pressoffice.views.server_error"
