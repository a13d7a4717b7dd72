from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("news/<slug:slug>/comment/", views.PostCommentView.as_view(), name="comment-post"),
    path("comments/<int:pk>/report/", views.report_comment, name="comment-report"),
]
