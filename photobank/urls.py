from django.urls import path

from . import views

app_name = "photobank"

urlpatterns = [
    path("", views.PhotoBankView.as_view(), name="photo-list"),
    path("<str:kind>/<int:pk>/original/", views.download, name="download"),
]
