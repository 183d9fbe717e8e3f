from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.views import healthz

admin.site.site_header = "Claimtrail"
admin.site.site_title = "Claimtrail"
admin.site.index_title = "Claims, sources and verdicts"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("sources.urls")),
    # The public reader site takes the root once it exists; until then, the admin is the app.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
