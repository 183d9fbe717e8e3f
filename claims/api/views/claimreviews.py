"""Published verdicts as schema.org ClaimReview JSON-LD over the API, and their import."""

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from config.api import ReadOrModelPermission

from ... import services, visibility
from ...claimreview import ImportRefused, claim_review, claimreview_import
from ...models import Claim
from ..reads import appearances_of, appearances_prefetch
from ..serializers import ImportReportSerializer


class MayImportReviews(BasePermission):
    """Staff whom the workflow lets import reviews; the rule itself is in the services."""

    def has_permission(self, request, view) -> bool:
        return request.user.is_staff and services.may_import_reviews(request.user)


class ClaimReviewViewSet(viewsets.GenericViewSet):
    """Published verdicts as schema.org ClaimReview JSON-LD: the document each claim page
    embeds, from the same builder."""

    permission_classes = [ReadOrModelPermission]
    pagination_class = None
    filter_backends = []
    queryset = Claim.objects.none()

    def get_queryset(self) -> QuerySet[Claim]:
        # Only published claims: the builder refuses anything without a published verdict.
        return (
            visibility.public_claims()
            .select_related("claimant")
            .prefetch_related(
                visibility.public_versions_prefetch(), appearances_prefetch(chains=False)
            )
        )

    def _review(self, claim: Claim) -> dict:
        return claim_review(
            claim,
            base_url=self.request.build_absolute_uri("/"),
            appearances=appearances_of(claim),
        )

    @extend_schema(operation_id="v1_claimreviews_feed", responses={200: OpenApiTypes.OBJECT})
    def list(self, request) -> Response:
        """Every published verdict, as a schema.org DataFeed of ClaimReviews."""
        return Response(
            {
                "@context": "https://schema.org",
                "@type": "DataFeed",
                "dataFeedElement": [
                    self._review(claim) for claim in self.get_queryset().order_by("pk")
                ],
            }
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, pk=None) -> Response:
        """One claim's ClaimReview, as its public page embeds it."""
        return Response(self._review(self.get_object()))

    @extend_schema(
        operation_id="v1_claimreviews_import",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={200: ImportReportSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        permission_classes=[IsAuthenticated, MayImportReviews],
    )
    def import_reviews(self, request) -> Response:
        """Import ClaimReview JSON-LD as published claims: one ClaimReview, a list of them,
        or a DataFeed with dataFeedElement. The document is imported whole or not at all:
        the report lists what was created, attached or skipped as a duplicate; when any
        review is refused, nothing is imported and the answer is a 400 `import_refused`
        whose `fields` name each refused review and the field at fault
        (`dataFeedElement[1].reviewRating.ratingValue`). Editors only: an import publishes
        verdicts reviewed elsewhere."""
        try:
            report = claimreview_import(document=request.data, by=request.user, origin="the API")
        except ImportRefused as refused:
            error = exceptions.ValidationError(refused.fields())
            error.code_override, error.message_override = "import_refused", refused.message
            raise error from None
        return Response(report.as_dict())
