"""Figures that disagree over the API: read by anyone as claims.visibility lets them, and
decided by reviewers through the services. The tracker proposes them from the figures and
withdraws those that no longer hold, so no client adds, changes or deletes one."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from ... import services, visibility
from ...models import Discrepancy
from ..filters import DiscrepancyFilter
from ..serializers import DiscrepancyDecisionSerializer, DiscrepancySerializer


class DiscrepancyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Two appearances' figures of one kind that differ, or differ in qualifier, newest
    first. Staff who may view them see every one; readers see those a reviewer confirmed,
    between public claims, while their figures stand as decided."""

    serializer_class = DiscrepancySerializer
    # No model permission: nothing is written here but a decision, which the services
    # allow reviewers, so any other write is a 405 to anyone signed in, not a 403 that
    # hangs on whether their group holds add_ or change_discrepancy.
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = DiscrepancyFilter
    ordering_fields = ["proposed_at", "id"]
    ordering = ["-proposed_at", "-id"]
    queryset = Discrepancy.objects.all()

    def get_queryset(self) -> QuerySet[Discrepancy]:
        return visibility.visible_to(
            self.request.user, Discrepancy.objects.select_related("decided_by")
        )

    @extend_schema(request=DiscrepancyDecisionSerializer, responses=DiscrepancySerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def decide(self, request, pk=None) -> Response:
        """Confirm (the sources disagree), dismiss (they do not) or explain (they do, and
        the note says why), on the figures as they now stand: reviewers only, who may
        decide again. 400 reason_required without a note to dismiss or explain; 409
        discrepancy_no_longer_holds to confirm figures that agree now, or of which one is
        gone."""
        discrepancy = self.get_object()
        body = DiscrepancyDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        discrepancy = services.discrepancy_decide(
            discrepancy=discrepancy, by=request.user, **body.validated_data
        )
        return Response(self.get_serializer(discrepancy).data)
