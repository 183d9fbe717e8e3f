"""Proposed changes over the API: researchers propose changes to a claim's parts, another
reviewer accepts or rejects them, and the proposer may withdraw one. Staff only."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.response import Response

from ... import services
from ...models import Proposal
from ..filters import IdFilter
from ..serializers import AcceptSerializer, ProposalSerializer, RejectSerializer


class ProposalPermission(DjangoModelPermissions):
    """Reading proposals takes the view permission; a decision is the services' to refuse."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class ProposalFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id", help_text="The claim's id.")
    status = django_filters.ChoiceFilter(choices=Proposal.Status.choices)

    class Meta:
        model = Proposal
        fields = ["claim", "status"]


class ProposalViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Changes proposed to what a claim's page shows, each waiting for a reviewer who did
    not propose it, or decided. On a published claim this is how a researcher changes its
    citations, its chains, its place and dates, its claimant and its sources."""

    serializer_class = ProposalSerializer
    permission_classes = [ProposalPermission]
    filterset_class = ProposalFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    queryset = Proposal.objects.all()

    def get_queryset(self) -> QuerySet[Proposal]:
        return Proposal.objects.select_related("proposed_by", "decided_by")

    def perform_create(self, serializer: ProposalSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.proposal_make(
            claim=data["claim"],
            by=self.request.user,
            kind=data["kind"],
            target_id=data.get("target_id"),
            values=data.get("values", {}),
            reason=data["reason"],
        )

    def _answer(self, proposal: Proposal) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=AcceptSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None) -> Response:
        """Write the change, as you: reviewers only, and not the one who proposed it. 409
        proposal_stale if the row changed since it was proposed."""
        body = AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = services.proposal_accept(
            proposal=self.get_object(), by=request.user, note=body.validated_data["note"]
        )
        return self._answer(proposal)

    @extend_schema(request=RejectSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None) -> Response:
        """Turn the change down, saying why: reviewers only."""
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = services.proposal_reject(
            proposal=self.get_object(), by=request.user, note=body.validated_data["note"]
        )
        return self._answer(proposal)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None) -> Response:
        """Take back a change you proposed, before a reviewer decides on it."""
        proposal = services.proposal_withdraw(proposal=self.get_object(), by=request.user)
        return self._answer(proposal)
