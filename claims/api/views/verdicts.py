"""Verdicts over the API, drafted, published, corrected and discarded by reviewers through
the review workflow, and the rating scale they use."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api import ReadOrModelPermission

from ... import services, visibility
from ...models import Rating, Verdict
from ..filters import VerdictFilter
from ..serializers import (
    CorrectionSerializer,
    PublishSerializer,
    RatingSerializer,
    ReasonSerializer,
    VerdictSerializer,
)


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
