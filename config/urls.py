from django.contrib import admin
from django.urls import include, path

from config.accounts.forms import StaffLoginForm
from config.accounts.views import two_factor
from config.views import healthz

admin.site.site_header = "Claimtrail"
admin.site.site_title = "Claimtrail"
admin.site.index_title = "Claims, sources and verdicts"
# The admin's login asks for a second factor's code when the account has one.
admin.site.login_form = StaffLoginForm

urlpatterns = [
    path("admin/two-factor/", two_factor, name="two_factor"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("config.api_urls")),
    path("", include("sources.urls")),
    # The public reader site: home, claims, articles, claimants, feeds and the sitemap.
    path("", include("claims.site.urls")),
]
