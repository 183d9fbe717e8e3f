from django.contrib import admin
from django.urls import include, path

from config.views import healthz

admin.site.site_header = "Claimtrail"
admin.site.site_title = "Claimtrail"
admin.site.index_title = "Claims, sources and verdicts"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("config.api_urls")),
    path("", include("sources.urls")),
    # The public reader site: home, claims, articles, claimants, feeds and the sitemap.
    path("", include("claims.site.urls")),
]
