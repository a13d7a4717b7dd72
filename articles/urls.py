"""URL patterns of the public site, grouped by the namespace each is mounted under."""

from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.ArchiveIndex.as_view(), name="archive"),
    path("news/<int:year>/", views.YearArchive.as_view(), name="archive-year"),
    path("news/<int:year>/<int:month>/", views.MonthArchive.as_view(), name="archive-month"),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="article-preview"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
]
