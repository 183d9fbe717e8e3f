"""Appearances over the API (each place a claim was published, written through the
services, and split out into claims of their own), and a claim's other parts: the hops of
each appearance's chain, and the claim's citations."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api import ReadOrModelPermission

from ... import services, visibility
from ...models import Appearance, Attribution, Citation
from ..filters import AppearanceFilter, AttributionFilter, ClaimPartFilter
from ..reads import claims_for, with_chains
from ..serializers import (
    AppearanceSerializer,
    AttributionSerializer,
    CitationSerializer,
    ClaimSerializer,
    SplitSerializer,
)
from .common import IsReviewer, ReviewerChangesPublicRows, WritesRefreshPublicPages


class AppearanceViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Every place a claim was published: the source, the exact words there (and the
    original words where they are a translation), the chain that brought them, and whether
    we found them in the source's archived text.

    Researchers add, change and remove appearances of claims not yet published; on a
    published claim that is a reviewer's act. A claim keeps at least one.
    """

    serializer_class = AppearanceSerializer
    permission_classes = [ReadOrModelPermission]
    filterset_class = AppearanceFilter
    ordering_fields = ["created_at", "position", "id"]
    ordering = ["created_at", "id"]
    queryset = Appearance.objects.all()

    def get_queryset(self) -> QuerySet[Appearance]:
        return visibility.visible_to(self.request.user, with_chains(Appearance.objects.all()))

    def perform_create(self, serializer: AppearanceSerializer) -> None:
        fields = dict(serializer.validated_data)
        appearance = services.appearance_add(
            claim=fields.pop("claim"), by=self.request.user, **fields
        )
        serializer.instance = self.get_queryset().get(pk=appearance.pk)

    def perform_update(self, serializer: AppearanceSerializer) -> None:
        changes = dict(serializer.validated_data)
        changes.pop("claim", None)  # the serializer refused a move to another claim
        appearance = services.appearance_update(
            appearance=serializer.instance,
            by=self.request.user,
            seen_revision=serializer.seen_revision,
            **changes,
        )
        serializer.instance = self.get_queryset().get(pk=appearance.pk)

    def perform_destroy(self, instance: Appearance) -> None:
        services.appearance_remove(appearance=instance, by=self.request.user)

    @extend_schema(request=SplitSerializer, responses={201: ClaimSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsReviewer])
    def split(self, request, pk=None) -> Response:
        """Make this appearance a claim of its own, a draft with the claim's claimant, place
        and topics (and its text unless `text` is given), which answers. Reviewers only;
        merging the new claim back undoes it. A claim's only appearance is refused with 409.
        """
        appearance = self.get_object()
        body = SplitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        claim = services.appearance_split(
            appearance=appearance, by=request.user, **body.validated_data
        )
        claim = claims_for(request.user).get(pk=claim.pk)
        return Response(
            ClaimSerializer(claim, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class _ClaimPartViewSet(
    ReviewerChangesPublicRows,
    WritesRefreshPublicPages,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ReadOrModelPermission]
    ordering_fields = ["position", "id"]
    ordering = ["position", "id"]

    def get_queryset(self) -> QuerySet:
        return visibility.visible_to(self.request.user, self.queryset.select_related(*self.related))


class AttributionViewSet(_ClaimPartViewSet):
    """The hops by which an appearance's words reached its outlet, nearest first. On a
    published claim only reviewers add, change or remove them (403 `review_required`)."""

    serializer_class = AttributionSerializer
    filterset_class = AttributionFilter
    queryset = Attribution.objects.all()
    related = ("claimant", "appearance")


class CitationViewSet(_ClaimPartViewSet):
    """The sources a claim rests on or is tested against, with their role. On a published
    claim only reviewers add, change or remove them (403 `review_required`)."""

    serializer_class = CitationSerializer
    filterset_class = ClaimPartFilter
    queryset = Citation.objects.all()
    related = ("source",)
