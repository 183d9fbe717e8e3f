"""The API's routes: /api/v1/ resources, the OpenAPI schema and its docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api import views as claims_api
from config.api import not_found

router = DefaultRouter()
router.register("claims", claims_api.ClaimViewSet, basename="claim")
router.register("verdicts", claims_api.VerdictViewSet, basename="verdict")
router.register("ratings", claims_api.RatingViewSet, basename="rating")
router.register("claimants", claims_api.ClaimantViewSet, basename="claimant")
router.register("claimant-names", claims_api.ClaimantNameViewSet, basename="claimantname")
# The claims app's subclass of sources' viewset: it knows which sources public pages show.
router.register("sources", claims_api.SourceViewSet, basename="source")
router.register("citations", claims_api.CitationViewSet, basename="citation")
router.register("appearances", claims_api.AppearanceViewSet, basename="appearance")
router.register("attributions", claims_api.AttributionViewSet, basename="attribution")
router.register("figures", claims_api.FigureViewSet, basename="figure")
router.register("discrepancies", claims_api.DiscrepancyViewSet, basename="discrepancy")
router.register("claimreviews", claims_api.ClaimReviewViewSet, basename="claimreview")
router.register("proposals", claims_api.ProposalViewSet, basename="proposal")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # swagger-ui from our own static files, and its start-up script from a URL of its own
    # (docs/?script) rather than inline, so the site's CSP lets the page run.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    re_path(r"^.*$", not_found),
]
