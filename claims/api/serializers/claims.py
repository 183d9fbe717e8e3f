"""What the API reads and writes of claims and their citations, and the bodies of the claim
workflow's actions.

A claim is read with its appearances, first appearance first, and, for clients written when
a claim had one quote and one article, with that first appearance's words, source, position,
date and chain where they used to be. A claim is written the same way: its first
appearance's fields beside the claim's own (`ClaimWriteSerializer`).

Readers who are not staff see no workflow: a public claim is "published" to them, with no
reviewer and no revision.
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin
from sources.models import Source

from ... import visibility
from ...figures.compare import comparisons
from ...models import Appearance, Citation, Claim, Claimant, Topic, Verdict
from ...models.languages import MAX_TAG_LENGTH, validate_language_tag
from ...services import APPEARANCE_FIELDS
from ..reads import appearances_of, figures_of
from .appearances import AppearanceSerializer
from .common import (
    ChainLinkSerializer,
    ClaimantSummarySerializer,
    FreeSlugMixin,
    LookupField,
    SeenRevisionMixin,
    SourceSummarySerializer,
    id_field,
    revision_field,
    sees_workflow,
)
from .figures import FigureComparisonSerializer
from .verdicts import PublicVerdictSerializer

User = get_user_model()

# The first appearance's fields as they stood on the claim before it had several.
OF_THE_FIRST = "Of the claim's first appearance (see appearances); null for a merged claim."


class ClaimSerializer(serializers.ModelSerializer):
    claimant = ClaimantSummarySerializer(read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
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
    merged_into = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The claim this one was merged into, while the merge stands; else null.",
    )
    quote = serializers.SerializerMethodField(help_text=f"The exact words. {OF_THE_FIRST}")
    appearance = serializers.SerializerMethodField(help_text=f"The source. {OF_THE_FIRST}")
    position = serializers.SerializerMethodField(help_text=OF_THE_FIRST)
    made_on = serializers.SerializerMethodField(help_text=OF_THE_FIRST)
    attributions = serializers.SerializerMethodField(
        help_text="The first appearance's chain, nearest hop first (each appearance has its "
        "own, in appearances)."
    )
    appearances = serializers.SerializerMethodField(
        help_text="Every place the claim was published, first appearance first."
    )
    verdict = serializers.SerializerMethodField(
        help_text="The published verdict readers see, or null."
    )
    figure_comparisons = serializers.SerializerMethodField(
        help_text="For each kind of figure two or more appearances state, each one's figure in "
        "one unit and whether they agree (docs/figures.md)."
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
            "position",
            "claimant",
            "made_on",
            "topics",
            "place",
            "status",
            "reviewer",
            "merged_into",
            "attributions",
            "appearances",
            "figure_comparisons",
            "verdict",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, claim: Claim) -> dict:
        data = super().to_representation(claim)
        if not sees_workflow(self, "claims.view_claim"):
            # Readers see only public claims, and a public claim is published to them even
            # while a correction is reviewed: who reviews it, and how often it is edited,
            # is the newsroom's business.
            data.update(status=Claim.Status.PUBLISHED, reviewer=None, revision=None)
        return data

    def _first(self, claim: Claim) -> Appearance | None:
        appearances = appearances_of(claim)
        return appearances[0] if appearances else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_quote(self, claim: Claim) -> str | None:
        first = self._first(claim)
        return first.quote if first else None

    @extend_schema_field(SourceSummarySerializer(allow_null=True))
    def get_appearance(self, claim: Claim) -> dict | None:
        first = self._first(claim)
        return SourceSummarySerializer(first.source).data if first else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_position(self, claim: Claim) -> int | None:
        first = self._first(claim)
        return first.position if first else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_made_on(self, claim: Claim) -> str | None:
        first = self._first(claim)
        return serializers.DateField().to_representation(first.made_on) if first else None

    @extend_schema_field(ChainLinkSerializer(many=True))
    def get_attributions(self, claim: Claim) -> list[dict]:
        first = self._first(claim)
        return ChainLinkSerializer(first.attributions.all(), many=True).data if first else []

    @extend_schema_field(AppearanceSerializer(many=True))
    def get_appearances(self, claim: Claim) -> list[dict]:
        return AppearanceSerializer(appearances_of(claim), many=True, context=self.context).data

    @extend_schema_field(FigureComparisonSerializer(many=True))
    def get_figure_comparisons(self, claim: Claim) -> list[dict]:
        # A stale figure's words left the quote: shown, flagged, but compared with nothing.
        found = comparisons(
            (a.pk, [f for f in figures_of(a) if not f.stale]) for a in appearances_of(claim)
        )
        return FigureComparisonSerializer(found, many=True).data

    @extend_schema_field(PublicVerdictSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict | None:
        # Lists prefetch the versions; a claim just written through the API has not got them.
        versions = visibility.public_versions(claim)
        published = next((v for v in versions if v.status == Verdict.Status.PUBLISHED), None)
        return PublicVerdictSerializer(published).data if published else None


def _language_field(help_text: str) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_TAG_LENGTH,
        validators=[validate_language_tag],
        help_text=help_text,
    )


@extend_schema_serializer(component_name="Claim")
class ClaimWriteSerializer(
    FreeSlugMixin, SeenRevisionMixin, RejectUnknownFieldsMixin, serializers.ModelSerializer
):
    """A claim as a client logs or edits it: the claim's own fields, and its first
    appearance's as they were the claim's. Answers with the claim as ClaimSerializer reads
    it."""

    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Left out, it is made from the claim."
    )
    claimant_id = serializers.PrimaryKeyRelatedField(
        source="claimant", queryset=Claimant.objects.all()
    )
    topics = LookupField(slug_field="slug", queryset=Topic.objects.all(), many=True, required=False)
    revision = revision_field("claim", "claim_changed")
    quote = serializers.CharField(
        error_messages={"blank": "Give the exact words as they were published there."},
        help_text="The exact words as published in the first appearance's source. Changing "
        "it changes the first appearance, as PATCH /api/v1/appearances/{id}/ does.",
    )
    appearance_id = serializers.PrimaryKeyRelatedField(
        source="source",
        queryset=Source.objects.all(),
        help_text="The source the claim first appeared in.",
    )
    position = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text="Where in that source the words stand, in reading order.",
    )
    made_on = serializers.DateField(
        required=False, allow_null=True, help_text="When the words were published there."
    )
    language = _language_field("The words' language (BCP 47); empty: the source's.")
    original_quote = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Where the words are a translation: the words as first said, if known.",
    )
    original_language = _language_field(
        "Where the words are a translation: the language they were said in (BCP 47)."
    )
    translated_by = serializers.ChoiceField(
        choices=Appearance.TranslatedBy.choices,
        required=False,
        allow_blank=True,
        help_text="Where the words are a translation: who translated them.",
    )
    translator = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The translator's name, for a named translator.",
    )

    class Meta:
        model = Claim
        fields = [
            "slug",
            "text",
            "claimant_id",
            "topics",
            "place",
            "revision",
            "quote",
            "appearance_id",
            "position",
            "made_on",
            "language",
            "original_quote",
            "original_language",
            "translated_by",
            "translator",
        ]

    def first_appearance_fields(self) -> dict:
        """What the request says of the first appearance, as the services name it."""
        return {
            name: value for name, value in self.validated_data.items() if name in APPEARANCE_FIELDS
        }

    def claim_fields(self) -> dict:
        return {
            name: value
            for name, value in self.validated_data.items()
            if name not in APPEARANCE_FIELDS
        }

    def to_representation(self, claim: Claim) -> dict:
        return ClaimSerializer(claim, context=self.context).data


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


class ReviewerSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    reviewer = LookupField(slug_field="username", queryset=User.objects.filter(is_active=True))


class ReasonSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class MergeSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    into = id_field("The claim to keep: this one's appearances, citations and topics move there.")
    reason = serializers.CharField(
        max_length=2000, help_text="Why the two are one claim; kept in both claims' history."
    )
