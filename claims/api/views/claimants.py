"""Claimants over the API, with every name outlets print them under: their other names,
claimants like a name (across scripts and spellings), and two claimants merged into one."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api import ReadOrModelPermission

from ... import services, visibility
from ...claimants import similar_claimants
from ...models import Claimant, ClaimantName
from ..filters import ClaimantNameFilter
from ..serializers import (
    ClaimantMergeSerializer,
    ClaimantNameSerializer,
    ClaimantSerializer,
    SimilarClaimantsSerializer,
    SimilarQuerySerializer,
)
from .common import (
    IsReviewer,
    ReviewerChangesPublicRows,
    WritesRefreshPublicPages,
    row_or_stand_in,
)


def readable_claimants(user) -> QuerySet[Claimant]:
    return visibility.visible_to(user, Claimant.objects.all())


class ClaimantViewSet(
    ReviewerChangesPublicRows,
    WritesRefreshPublicPages,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Who claims are attributed to, with their other names; the public sees those a
    published claim names, and only reviewers change those (403 `review_required`)."""

    serializer_class = ClaimantSerializer
    permission_classes = [ReadOrModelPermission]
    filterset_fields = ["kind"]
    search_fields = ["name", "affiliation", "names__name"]
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]
    queryset = Claimant.objects.all()

    def get_queryset(self) -> QuerySet[Claimant]:
        return readable_claimants(self.request.user).prefetch_related("names")

    @extend_schema(parameters=[SimilarQuerySerializer], responses=SimilarClaimantsSerializer)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def similar(self, request) -> Response:
        """Claimants whose name or other names are like `name` as an outlet printed it, in
        another script or spelling, or with a middle name: best first, each with a score
        from 0 to 1 and the reasons for it. Before adding a claimant, look here."""
        query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        matches = similar_claimants(
            query.validated_data["name"],
            limit=query.validated_data["limit"],
            among=readable_claimants(request.user),
        )
        return Response(SimilarClaimantsSerializer({"results": matches}).data)

    @extend_schema(request=ClaimantMergeSerializer, responses=ClaimantSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsReviewer])
    def merge(self, request, pk=None) -> Response:
        """Merge this claimant into `into`, who is kept and answers: every claim and hop
        naming this one names `into`, and this one's names become its other names. This
        claimant is deleted. Reviewers only."""
        claimant = self.get_object()
        body = ClaimantMergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        kept = services.claimant_merge(
            claimant=claimant,
            into=row_or_stand_in(Claimant, body.validated_data["into"]),
            by=request.user,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=kept.pk)).data)


class ClaimantNameViewSet(
    WritesRefreshPublicPages,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Claimants' other names: spellings, transliterations, the original script. Researchers
    add, edit and remove them; readers see those of the claimants they see."""

    serializer_class = ClaimantNameSerializer
    permission_classes = [ReadOrModelPermission]
    filterset_class = ClaimantNameFilter
    search_fields = ["name"]
    ordering_fields = ["name", "id"]
    ordering = ["id"]
    queryset = ClaimantName.objects.all()

    def get_queryset(self) -> QuerySet[ClaimantName]:
        # A name is shown with its claimant, so to whoever may read the claimant.
        return ClaimantName.objects.filter(claimant__in=readable_claimants(self.request.user))
