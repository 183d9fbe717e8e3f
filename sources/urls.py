from django.urls import path

from . import views

app_name = "sources"

urlpatterns = [
    path("captures/<int:pk>/warc", views.capture_warc, name="capture-warc"),
]
