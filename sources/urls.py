"""The archive's URLs: archived copies, their raw payloads and text, WARCs and TimeMaps."""

from django.urls import path

from . import views

app_name = "sources"

urlpatterns = [
    path("captures/<int:pk>/warc", views.capture_warc, name="capture-warc"),
    path("archive/<int:pk>/", views.archive_capture, name="archive"),
    path("archive/<int:pk>/raw", views.archive_raw, name="archive-raw"),
    path("archive/<int:pk>/text", views.archive_text, name="archive-text"),
    path("archive/<int:pk>/warc", views.archive_warc, name="archive-warc"),
    path("archive/sources/<int:source_id>/timemap", views.timemap, name="timemap"),
]
