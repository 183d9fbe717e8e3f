"""Claims, verdicts and their parts over the API.

Anonymous clients see what the public pages show, through Claim.objects.published(); staff
with a model's view permission see everything. Every write with a rule calls
claims.services, so the API cannot do what the admin may not.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from config.api import ReadOrModelPermission, RejectUnknownFieldsMixin, is_staff_reader
from sources import api as sources_api
from sources.models import Source

from . import services
from .cache import public_content_changed, shown_publicly
from .claimreview import claim_review
from .claimreview_import import claimreview_import
from .models import (
    Attribution,
    Citation,
    Claim,
    Claimant,
    Rating,
    Topic,
    Verdict,
    save_with_unique_slug,
)
from .public import claimants_named_publicly

User = get_user_model()
SHOWN_VERDICTS = [Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED]


def visible_claims(user) -> QuerySet[Claim]:
    if is_staff_reader(user, "claims.view_claim"):
        return Claim.objects.all()
    return Claim.objects.published()


def readable_claims(request) -> QuerySet[Claim]:
    """The claims a filter may name: a claim the client may not see is as unknown to it as
    one that does not exist, so the two get the same answer."""
    return visible_claims(request.user if request is not None else None)


def sees_workflow(serializer: serializers.Serializer, perm: str) -> bool:
    """Whether the request's client may see who reviews and where a claim is in the
    workflow: staff who read unpublished rows, not readers."""
    request = serializer.context.get("request")
    return request is not None and is_staff_reader(request.user, perm)


# Serializers -------------------------------------------------------------------------------


class RatingSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "label", "slug", "value", "description", "colour"]
        read_only_fields = fields


class ClaimantSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Left out, it is made from the name."
    )

    class Meta:
        model = Claimant
        fields = ["id", "name", "slug", "kind", "affiliation", "description"]

    def validate_slug(self, value: str) -> str:
        taken = Claimant.objects.filter(slug=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("Another claimant has this slug.", code="unique")
        return value

    def create(self, validated_data: dict) -> Claimant:
        if validated_data.get("slug"):
            return super().create(validated_data)
        claimant = Claimant(**validated_data)
        save_with_unique_slug(claimant, claimant.name, claimant.save)
        return claimant


class LookupField(serializers.SlugRelatedField):
    """A row named by a slug or username. A name holding a NUL character matches no row, and
    PostgreSQL refuses to even compare one, so it is refused here as a field error."""

    default_error_messages = {"null_characters": "Null characters are not allowed."}

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters")
        return super().to_internal_value(data)


class ClaimantSummarySerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ["id", "name", "slug", "kind", "affiliation"]
        read_only_fields = fields


class SourceSummarySerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "published_on"]
        read_only_fields = fields


class AttributionSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    claimant = ClaimantSummarySerializer(read_only=True)
    claimant_id = serializers.PrimaryKeyRelatedField(
        source="claimant", queryset=Claimant.objects.all(), write_only=True
    )

    class Meta:
        model = Attribution
        fields = ["id", "claim", "position", "claimant", "claimant_id", "verb"]
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=Attribution.objects.all(),
                fields=["claim", "position"],
                message="This claim already has a hop at this position.",
            )
        ]


class ChainLinkSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    claimant = ClaimantSummarySerializer(read_only=True)

    class Meta:
        model = Attribution
        fields = ["position", "claimant", "verb"]
        read_only_fields = fields


class CitationSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = SourceSummarySerializer(read_only=True)
    source_id = serializers.PrimaryKeyRelatedField(
        source="source", queryset=Source.objects.all(), write_only=True
    )

    class Meta:
        model = Citation
        fields = ["id", "claim", "source", "source_id", "role", "note", "quote", "position"]
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=Citation.objects.all(),
                fields=["claim", "source"],
                message="This claim already cites this source.",
            )
        ]


def revision_field(thing: str, code: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=(
            "Goes up with every change. Send back the revision you read when you update: if "
            f"someone saved the {thing} since, the update is refused with 409 {code}. Null "
            "for readers who are not staff."
        ),
    )


class SeenRevisionMixin:
    """Takes the `revision` a client sends as the one it read (`seen_revision`), for the
    service to check; it is never written, since every save moves it on by itself."""

    def validate(self, attrs):
        self.seen_revision = attrs.pop("revision", None)
        return super().validate(attrs)


class VerdictSerializer(SeenRevisionMixin, RejectUnknownFieldsMixin, serializers.ModelSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    rating = LookupField(
        slug_field="slug", queryset=Rating.objects.all(), allow_null=True, required=False
    )
    reviewer = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who drafted this version, by username, or null; null for readers who "
        "are not staff.",
    )
    revision = revision_field("verdict", "verdict_changed")

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "version",
            "status",
            "rating",
            "summary",
            "rationale",
            "rationale_html",
            "correction_note",
            "reviewer",
            "published_at",
            "revision",
        ]
        read_only_fields = ["version", "status", "rationale_html", "reviewer", "published_at"]
        # The services number versions and allow one draft per claim, refusing with a 409 a
        # person can act on; the database's constraints behind those rules, checked here,
        # would refuse first with the constraint's wording and the version's default of 1.
        validators = []

    def validate_claim(self, value: Claim) -> Claim:
        if self.instance is not None and value.pk != self.instance.claim_id:
            raise serializers.ValidationError("A verdict cannot move to another claim.")
        return value

    def to_representation(self, verdict: Verdict) -> dict:
        data = super().to_representation(verdict)
        if not sees_workflow(self, "claims.view_verdict"):
            # Staff logins are not for readers; the newsroom stands behind a verdict.
            data.update(reviewer=None, revision=None)
        return data


class PublicVerdictSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    rating = RatingSerializer(read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "version",
            "rating",
            "summary",
            "rationale_html",
            "correction_note",
            "published_at",
        ]
        read_only_fields = fields


class ClaimSerializer(SeenRevisionMixin, RejectUnknownFieldsMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Left out, it is made from the claim."
    )
    appearance = SourceSummarySerializer(read_only=True)
    appearance_id = serializers.PrimaryKeyRelatedField(
        source="appearance", queryset=Source.objects.all(), write_only=True
    )
    claimant = ClaimantSummarySerializer(read_only=True)
    claimant_id = serializers.PrimaryKeyRelatedField(
        source="claimant", queryset=Claimant.objects.all(), write_only=True
    )
    topics = LookupField(slug_field="slug", queryset=Topic.objects.all(), many=True, required=False)
    status = serializers.ChoiceField(
        choices=Claim.Status.choices,
        read_only=True,
        help_text="Where the claim is in the workflow. Readers who are not staff see "
        '"published" on every claim they can read, one under correction included.',
    )
    reviewer = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="The assigned reviewer's username; null until the claim is submitted, "
        "and for readers who are not staff.",
    )
    attributions = ChainLinkSerializer(many=True, read_only=True)
    verdict = serializers.SerializerMethodField(
        help_text="The published verdict readers see, or null."
    )
    revision = revision_field("claim", "claim_changed")

    class Meta:
        model = Claim
        fields = [
            "id",
            "slug",
            "text",
            "quote",
            "appearance",
            "appearance_id",
            "position",
            "claimant",
            "claimant_id",
            "made_on",
            "topics",
            "place",
            "status",
            "reviewer",
            "attributions",
            "verdict",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def to_representation(self, claim: Claim) -> dict:
        data = super().to_representation(claim)
        if not sees_workflow(self, "claims.view_claim"):
            # Readers see only public claims, and a public claim is published to them even
            # while a correction is reviewed: who reviews it, and how often it is edited,
            # is the newsroom's business.
            data.update(status=Claim.Status.PUBLISHED, reviewer=None, revision=None)
        return data

    def validate_slug(self, value: str) -> str:
        taken = Claim.objects.filter(slug=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("Another claim has this slug.", code="unique")
        return value

    def validate_quote(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Give the exact words as they appear.")
        return value

    def update(self, instance: Claim, validated_data: dict) -> Claim:
        topics = validated_data.pop("topics", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        # Only the columns this request edits: the workflow writes status, reviewer and the
        # published verdict under the claim's lock, and a whole-row save from an object read
        # before that lock would put their old values back.
        instance.save(update_fields=list(validated_data))
        if topics is not None:
            instance.topics.set(topics)
        return instance

    @extend_schema_field(PublicVerdictSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict | None:
        # Lists prefetch the verdicts; a claim just written through the API has not got them.
        versions = getattr(claim, "public_verdicts", None)
        if versions is None:
            versions = claim.verdicts.filter(status__in=SHOWN_VERDICTS).select_related("rating")
        published = next((v for v in versions if v.status == Verdict.Status.PUBLISHED), None)
        return PublicVerdictSerializer(published).data if published else None


class ReviewerSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    reviewer = LookupField(slug_field="username", queryset=User.objects.filter(is_active=True))


class ReasonSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PublishSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        allow_blank=True,
        help_text="Only for an editor publishing a verdict on a claim they logged.",
    )
    revision = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        help_text="The verdict's revision as you read it: if someone saved it since, "
        "publishing is refused with 409 verdict_changed, so what you publish is what you read.",
    )


class CorrectionSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    correction_note = serializers.CharField(max_length=5000)
    rating = LookupField(slug_field="slug", queryset=Rating.objects.all(), required=False)
    summary = serializers.CharField(max_length=280, required=False)
    rationale = serializers.CharField(required=False, allow_blank=True)


class ImportEntrySerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The review's place in the document, from 0.")
    where = serializers.CharField(help_text='Where it sits, e.g. "dataFeedElement[3].item".')
    url = serializers.CharField(help_text="The review's url, if it had one.")
    claim_reviewed = serializers.CharField()
    claim = serializers.IntegerField(
        allow_null=True, help_text="The claim it created, or the one it duplicates."
    )
    code = serializers.CharField(help_text="Why it was skipped or refused; empty if created.")
    reason = serializers.CharField(help_text="The same, in a sentence a person can act on.")


class ImportReportSerializer(serializers.Serializer):
    created = ImportEntrySerializer(many=True)
    skipped = ImportEntrySerializer(many=True)
    refused = ImportEntrySerializer(many=True)


# Filters -----------------------------------------------------------------------------------


class ClaimFilter(django_filters.FilterSet):
    rating = django_filters.CharFilter(method="filter_rating", help_text="A rating slug.")
    claimant = django_filters.CharFilter(field_name="claimant__slug", help_text="A slug.")
    topic = django_filters.CharFilter(field_name="topics__slug", help_text="A topic slug.")
    article = django_filters.NumberFilter(
        field_name="appearance_id", help_text="The id of the source the claim appeared in."
    )
    status = django_filters.ChoiceFilter(
        choices=Claim.Status.choices,
        method="filter_status",
        help_text='Staff only. Others see every claim they can read as "published", so '
        "published lists them all and any other status none.",
    )
    made_after = django_filters.DateFilter(field_name="made_on", lookup_expr="gte")
    made_before = django_filters.DateFilter(field_name="made_on", lookup_expr="lte")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Claim
        fields = []

    def filter_status(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if is_staff_reader(self.request.user, "claims.view_claim"):
            return queryset.filter(status=value)
        return queryset if value == Claim.Status.PUBLISHED else queryset.none()

    def filter_rating(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        rated = Verdict.objects.filter(
            claim=OuterRef("pk"), status=Verdict.Status.PUBLISHED, rating__slug=value
        )
        return queryset.filter(Exists(rated))


class VerdictFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=readable_claims)
    rating = django_filters.CharFilter(field_name="rating__slug")
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte"
    )

    class Meta:
        model = Verdict
        fields = ["status"]


class ClaimPartFilter(django_filters.FilterSet):
    claim = django_filters.ModelChoiceFilter(queryset=readable_claims)


# Views -------------------------------------------------------------------------------------


class RefreshesPublicPages:
    """API writes to what readers see show on the public site at once, as admin edits do.

    The rule is the admin's (claims.cache.shown_publicly): changing or deleting
    something a public page shows marks every public page stale once the write commits. A
    claim, claimant or source just added is on no public page yet; a part added to a
    published claim (`parts_of_claims`) is on its page at once. Workflow actions call
    services, which refresh the pages themselves.
    """

    parts_of_claims = False

    def perform_create(self, serializer) -> None:
        super().perform_create(serializer)
        if self.parts_of_claims and shown_publicly(serializer.instance):
            public_content_changed()

    def perform_update(self, serializer) -> None:
        # Checked before and after: a part moved from a published claim to a draft leaves
        # the published claim's page.
        shown_before = shown_publicly(serializer.instance)
        super().perform_update(serializer)
        if shown_before or shown_publicly(serializer.instance):
            public_content_changed()

    def perform_destroy(self, instance) -> None:
        shown = shown_publicly(instance)
        super().perform_destroy(instance)
        if shown:
            public_content_changed()


class ClaimViewSet(
    RefreshesPublicPages,
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
            visible_claims(self.request.user)
            .select_related("appearance", "claimant", "reviewer")
            .prefetch_related(
                "topics",
                Prefetch(
                    "attributions",
                    queryset=Attribution.objects.select_related("claimant").order_by("position"),
                ),
                Prefetch(
                    "verdicts",
                    queryset=Verdict.objects.filter(status__in=SHOWN_VERDICTS)
                    .select_related("rating")
                    .order_by("-version"),
                    to_attr="public_verdicts",
                ),
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
        queryset = Verdict.objects.select_related("rating", "reviewer")
        if is_staff_reader(self.request.user, "claims.view_verdict"):
            return queryset
        return queryset.filter(status__in=SHOWN_VERDICTS, claim__in=Claim.objects.published())

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
    RefreshesPublicPages,
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
        if is_staff_reader(self.request.user, "claims.view_claimant"):
            return Claimant.objects.all()
        return claimants_named_publicly()


class _ClaimPartViewSet(
    RefreshesPublicPages,
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
    view_permission = ""
    parts_of_claims = True

    def get_queryset(self) -> QuerySet:
        queryset = self.queryset.select_related(self.related)
        if is_staff_reader(self.request.user, self.view_permission):
            return queryset
        return queryset.filter(claim__in=Claim.objects.published())


class AttributionViewSet(_ClaimPartViewSet):
    """The hops by which a claim reached its article, nearest first."""

    serializer_class = AttributionSerializer
    queryset = Attribution.objects.all()
    related = "claimant"
    view_permission = "claims.view_attribution"


class CitationViewSet(_ClaimPartViewSet):
    """The sources a claim rests on or is tested against, with their role."""

    serializer_class = CitationSerializer
    queryset = Citation.objects.all()
    related = "source"
    view_permission = "claims.view_citation"


class SourceViewSet(RefreshesPublicPages, sources_api.SourceViewSet):
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
            Claim.objects.published()
            .select_related("appearance", "claimant")
            .prefetch_related(
                Prefetch(
                    "verdicts",
                    queryset=Verdict.objects.filter(status__in=SHOWN_VERDICTS)
                    .select_related("rating")
                    .order_by("-version"),
                    to_attr="public_verdicts",
                )
            )
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
