"""The API's viewsets: claims, verdicts, their parts, claimants, sources and ClaimReviews.

Anonymous clients see what the public pages show (`claims.visibility`); staff with a
model's view permission see everything. Every write with a rule calls claims.services, so
the API cannot do what the admin may not.
"""

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from config.api import ReadOrModelPermission
from sources import api as sources_api

from .. import services, visibility
from ..claimreview import claim_review, claimreview_import
from ..models import Attribution, Citation, Claim, Claimant, Rating, Verdict
from .filters import ClaimFilter, ClaimPartFilter, VerdictFilter
from .serializers import (
    AttributionSerializer,
    CitationSerializer,
    ClaimantSerializer,
    ClaimSerializer,
    CorrectionSerializer,
    ImportReportSerializer,
    PublishSerializer,
    RatingSerializer,
    ReasonSerializer,
    ReviewerSerializer,
    VerdictSerializer,
)


class WritesRefreshPublicPages:
    """API writes to what readers see show on the public site at once, as admin edits do:
    every create, update and delete asks `claims.visibility` whether a page shows the row. Workflow
    actions call services, which refresh the pages themselves."""

    def perform_create(self, serializer) -> None:
        super().perform_create(serializer)
        visibility.refresh_if_shown(serializer.instance)

    def perform_update(self, serializer) -> None:
        with visibility.refresh_around(serializer.instance):
            super().perform_update(serializer)

    def perform_destroy(self, instance) -> None:
        with visibility.refresh_around(instance):
            super().perform_destroy(instance)


class ClaimViewSet(
    WritesRefreshPublicPages,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Claims with their verdict, rating, claimant and attribution chain in one response."""

    serializer_class = ClaimSerializer
    permission_classes = [ReadOrModelPermission]
    filterset_class = ClaimFilter
    search_fields = ["text", "quote", "claimant__name"]
    ordering_fields = ["created_at", "updated_at", "id"]
    ordering = ["-created_at", "-id"]
    queryset = Claim.objects.all()

    def get_queryset(self) -> QuerySet[Claim]:
        return (
            visibility.visible_to(self.request.user, Claim.objects.all())
            .select_related("appearance", "claimant", "reviewer")
            .prefetch_related(
                "topics",
                Prefetch(
                    "attributions",
                    queryset=Attribution.objects.select_related("claimant").order_by("position"),
                ),
                visibility.public_versions_prefetch(),
            )
        )

    def perform_create(self, serializer) -> None:
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            claim = serializer.instance
            if serializer.seen_revision is not None:
                services.claim_check_unchanged(claim=claim, seen_revision=serializer.seen_revision)
            services.claim_check_rated_edit(
                claim=claim,
                by=self.request.user,
                changing={
                    name
                    for name, value in serializer.validated_data.items()
                    if getattr(claim, name, value) != value
                },
            )
            # The edit is applied to the row as it is under the lock, not as get_object read
            # it, so the response, the history entry and the revision count from what a
            # publish meanwhile wrote.
            serializer.instance = Claim.objects.select_for_update().get(pk=claim.pk)
            super().perform_update(serializer)

    def _claim_response(self, claim: Claim) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=claim.pk)).data)

    def _with_reviewer(self, request, service) -> Response:
        """Run a workflow service that takes a reviewer, named by username in the body."""
        claim = self.get_object()
        body = ReviewerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        service(claim=claim, by=request.user, reviewer=body.validated_data["reviewer"])
        return self._claim_response(claim)

    @extend_schema(request=ReviewerSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def submit(self, request, pk=None) -> Response:
        """Send a draft claim for review, assigning a reviewer (by username)."""
        return self._with_reviewer(request, services.claim_submit)

    @extend_schema(request=ReviewerSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def assign(self, request, pk=None) -> Response:
        """Hand a claim in review to another reviewer."""
        return self._with_reviewer(request, services.claim_assign)

    @extend_schema(request=ReasonSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def unpublish(self, request, pk=None) -> Response:
        """Take a published claim off the public site, giving a reason."""
        claim = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.claim_unpublish(claim=claim, by=request.user, reason=body.validated_data["reason"])
        return self._claim_response(claim)


class VerdictViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Verdicts, drafted and published by reviewers through the review workflow."""

    serializer_class = VerdictSerializer
    permission_classes = [ReadOrModelPermission]
    filterset_class = VerdictFilter
    ordering_fields = ["created_at", "updated_at", "id"]
    ordering = ["-created_at", "-id"]
    queryset = Verdict.objects.all()

    def get_queryset(self) -> QuerySet[Verdict]:
        return visibility.visible_to(
            self.request.user, Verdict.objects.select_related("rating", "reviewer")
        )

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.verdict_draft(
            claim=data["claim"],
            by=self.request.user,
            rating=data.get("rating"),
            summary=data.get("summary", ""),
            rationale=data.get("rationale", ""),
        )

    def perform_update(self, serializer) -> None:
        verdict, data = serializer.instance, serializer.validated_data
        serializer.instance = services.verdict_save(
            verdict=verdict,
            by=self.request.user,
            rating=data.get("rating", verdict.rating),
            summary=data.get("summary", verdict.summary),
            rationale=data.get("rationale", verdict.rationale),
            correction_note=data.get("correction_note"),
            seen_revision=serializer.seen_revision,
        )

    @extend_schema(request=PublishSerializer, responses=VerdictSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def publish(self, request, pk=None) -> Response:
        """Publish a draft verdict, and with it the claim; the four-eyes rule applies."""
        verdict = self.get_object()
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        verdict = services.verdict_publish(
            verdict=verdict,
            by=request.user,
            override_reason=body.validated_data["override_reason"],
            seen_revision=body.validated_data["revision"],
        )
        return Response(self.get_serializer(verdict).data)

    @extend_schema(request=CorrectionSerializer, responses={201: VerdictSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def correct(self, request, pk=None) -> Response:
        """Draft a corrected version of a published verdict, with a note readers see."""
        verdict = self.get_object()
        body = CorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        correction = services.verdict_correct(
            verdict=verdict, by=request.user, **body.validated_data
        )
        return Response(self.get_serializer(correction).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses={204: None})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def discard(self, request, pk=None) -> Response:
        """Abandon a draft verdict, giving a reason kept in its history; the draft is deleted.

        A discarded correction puts the claim back as it was, published with the verdict
        readers saw all along; a discarded first draft leaves the claim in review. Published
        and superseded verdicts are refused with 409: unpublish or correct them instead.
        """
        verdict = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.verdict_discard(
            verdict=verdict, by=request.user, reason=body.validated_data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """The rating scale, True (5) to False (1), and Unproven with no value."""

    serializer_class = RatingSerializer
    queryset = Rating.objects.all()
    ordering_fields = ["value", "id"]
    ordering = ["id"]
    search_fields = ["label"]


class ClaimantViewSet(
    WritesRefreshPublicPages,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Who claims are attributed to; the public sees those named by a published claim."""

    serializer_class = ClaimantSerializer
    permission_classes = [ReadOrModelPermission]
    filterset_fields = ["kind"]
    search_fields = ["name", "affiliation"]
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]
    queryset = Claimant.objects.all()

    def get_queryset(self) -> QuerySet[Claimant]:
        return visibility.visible_to(self.request.user, Claimant.objects.all())


class _ClaimPartViewSet(
    WritesRefreshPublicPages,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ReadOrModelPermission]
    filterset_class = ClaimPartFilter
    ordering_fields = ["position", "id"]
    ordering = ["position", "id"]

    def get_queryset(self) -> QuerySet:
        return visibility.visible_to(self.request.user, self.queryset.select_related(self.related))


class AttributionViewSet(_ClaimPartViewSet):
    """The hops by which a claim reached its article, nearest first."""

    serializer_class = AttributionSerializer
    queryset = Attribution.objects.all()
    related = "claimant"


class CitationViewSet(_ClaimPartViewSet):
    """The sources a claim rests on or is tested against, with their role."""

    serializer_class = CitationSerializer
    queryset = Citation.objects.all()
    related = "source"


class SourceViewSet(WritesRefreshPublicPages, sources_api.SourceViewSet):
    """Sources with their captures. Researchers add and edit them; the public reads those
    that published claims cite."""


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
            .select_related("appearance", "claimant")
            .prefetch_related(visibility.public_versions_prefetch())
        )

    def _base_url(self) -> str:
        return self.request.build_absolute_uri("/")

    @extend_schema(operation_id="v1_claimreviews_feed", responses={200: OpenApiTypes.OBJECT})
    def list(self, request) -> Response:
        """Every published verdict, as a schema.org DataFeed of ClaimReviews."""
        base_url = self._base_url()
        return Response(
            {
                "@context": "https://schema.org",
                "@type": "DataFeed",
                "dataFeedElement": [
                    claim_review(claim, base_url=base_url)
                    for claim in self.get_queryset().order_by("pk")
                ],
            }
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, pk=None) -> Response:
        """One claim's ClaimReview, as its public page embeds it."""
        return Response(claim_review(self.get_object(), base_url=self._base_url()))

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
        or a DataFeed with dataFeedElement. Each review is imported whole or not at all;
        the report lists what was created, skipped as a duplicate, or refused and why.
        Editors only: an import publishes verdicts reviewed elsewhere."""
        report = claimreview_import(document=request.data, by=request.user, origin="the API")
        return Response(report.as_dict())
