from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from discovery.feeds import feed_patterns
from discovery.sitemaps import RobotsView, index, sitemap
from discovery.urls import person_patterns, region_patterns

from . import accessibility, views

urlpatterns = [
    # Before admin/, whose catch-all would answer these addresses with a 404.
    path("admin/ckeditor/", include("articles.uploads")),
    path("admin/", admin.site.urls),
    path("regions/", include(region_patterns)),
    path("people/", include(person_patterns)),
    path("accessibility/", accessibility.switch, name="accessibility"),
    path("personal-data/", views.PersonalDataPolicyView.as_view(), name="personal-data"),
    path("feeds/", include(feed_patterns)),
    path("photobank/", include("photobank.urls")),
    path("press/", include("press.urls")),
    path("events/", include("events.urls")),
    path("sitemap.xml", index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap, name="sitemap-section"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says (the admin says
    # nothing): the site's one icon, without a 404 in the logs for every staff page.
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("comments.urls")),
    path("", include("discovery.urls")),
    path("", include("articles.urls")),
]

# Development serves uploads from the disk; a bucket (DJANGO_MEDIA_STORAGE=s3) serves its own.
if settings.DEBUG and settings.MEDIA_ORIGIN is None:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "pressoffice.views.server_error"
