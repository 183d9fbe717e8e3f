"""Claims over the API: read with their appearances, verdict and claimant, logged with their
first appearance, edited, moved through review, merged into one another and back, and
suggested as like a typed text (similar.py)."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api import ReadOrModelPermission

from ... import services, visibility
from ...models import Claim
from ..filters import ClaimFilter
from ..reads import claims_for
from ..serializers import (
    ClaimSerializer,
    ClaimWriteSerializer,
    MergeSerializer,
    ReasonSerializer,
    ReviewerSerializer,
)
from .common import IsReviewer, row_or_stand_in
from .similar import SimilarClaimsMixin

WRITES = ("create", "update", "partial_update")


@extend_schema_view(
    create=extend_schema(request=ClaimWriteSerializer, responses={201: ClaimSerializer}),
    update=extend_schema(request=ClaimWriteSerializer, responses=ClaimSerializer),
    partial_update=extend_schema(request=ClaimWriteSerializer, responses=ClaimSerializer),
)
class ClaimViewSet(
    SimilarClaimsMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Claims with their verdict, rating, claimant and every appearance with its chain, in
    one response."""

    permission_classes = [ReadOrModelPermission]
    filterset_class = ClaimFilter
    search_fields = ["text", "appearance_words", "claimant__name"]
    ordering_fields = ["created_at", "updated_at", "id"]
    ordering = ["-created_at", "-id"]
    queryset = Claim.objects.all()

    def get_serializer_class(self):
        return ClaimWriteSerializer if self.action in WRITES else ClaimSerializer

    def get_queryset(self):
        return claims_for(self.request.user)

    def perform_create(self, serializer: ClaimWriteSerializer) -> None:
        claim = services.claim_create(
            by=self.request.user,
            **serializer.claim_fields(),
            **serializer.first_appearance_fields(),
        )
        serializer.instance = self.get_queryset().get(pk=claim.pk)

    def perform_update(self, serializer: ClaimWriteSerializer) -> None:
        claim, by = serializer.instance, self.request.user
        fields, first = serializer.claim_fields(), serializer.first_appearance_fields()
        with transaction.atomic(), visibility.refresh_around(claim):
            if serializer.seen_revision is not None:
                services.claim_check_unchanged(claim=claim, seen_revision=serializer.seen_revision)
            changing = {name for name, value in fields.items() if getattr(claim, name) != value}
            services.claim_check_rated_edit(claim=claim, by=by, changing=changing)
            # The edit is applied to the row as it is under the lock, not as get_object read
            # it, so the response, the history entry and the revision count from what a
            # publish meanwhile wrote.
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
            if fields:
                topics = fields.pop("topics", None)
                for name, value in fields.items():
                    setattr(locked, name, value)
                # Only the columns this request edits: the workflow writes status, reviewer
                # and the published verdict under the claim's lock, and a whole-row save
                # from an object read before that lock would put their old values back.
                locked.save(update_fields=list(fields))
                if topics is not None:
                    locked.topics.set(topics)
                services.claim_edited(claim=locked, by=by, changed=changing)
            if first:
                self._update_first_appearance(locked, by, first)
        serializer.instance = self.get_queryset().get(pk=claim.pk)

    def _update_first_appearance(self, claim: Claim, by, changes: dict) -> None:
        """The fields a claim had before it had several appearances are its first one's."""
        if claim.first_appearance is None:
            raise services.TransitionNotAllowed(
                f"This claim was merged into claim {claim.merged_into_id} and has no "
                "appearances of its own; change that one."
            )
        services.appearance_update(appearance=claim.first_appearance, by=by, **changes)

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

    @extend_schema(request=MergeSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsReviewer])
    def merge(self, request, pk=None) -> Response:
        """Merge this claim into another that turned out to be the same claim: its
        appearances, citations and topics move to `into`, which answers. Reviewers only.

        This claim is kept, with the status "merged", so the merge can be undone. Refused
        with 409: into itself, into a claim that is not there, when both claims have
        published verdicts (unpublish one first), or when either is merged already.
        """
        claim = self.get_object()
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.claim_merge(
            claim=claim,
            into=row_or_stand_in(Claim, body.validated_data["into"]),
            by=request.user,
            reason=body.validated_data["reason"],
        )
        return self._claim_response(record.into)

    @extend_schema(request=ReasonSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsReviewer])
    def unmerge(self, request, pk=None) -> Response:
        """Undo this claim's merge into another: what moved comes back, and the claim is as
        it was before the merge. Reviewers only."""
        claim = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        claim = services.claim_unmerge(
            claim=claim, by=request.user, reason=body.validated_data["reason"]
        )
        return self._claim_response(claim)
