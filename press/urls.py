from django.urls import path

from . import views

app_name = "press"

urlpatterns = [
    path("", views.PressSectionView.as_view(), name="section"),
    path("accreditation/", views.AccreditationView.as_view(), name="accreditation"),
    path("accreditation/sent/", views.AccreditationSentView.as_view(), name="accreditation-sent"),
]
