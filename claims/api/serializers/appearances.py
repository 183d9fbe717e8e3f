"""What the API reads and writes of appearances (each place a claim was published, in the
words published there) and of their chains' hops, and the body of a split."""

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin
from sources.models import Source

from ...models import Appearance, Attribution, Claim, Claimant
from ..reads import figures_of
from .common import (
    ChainLinkSerializer,
    ClaimantSummarySerializer,
    SeenRevisionMixin,
    SourceSummarySerializer,
    revision_field,
    sees_workflow,
)
from .figures import FigureSerializer


class AppearanceSerializer(
    SeenRevisionMixin, RejectUnknownFieldsMixin, serializers.ModelSerializer
):
    claim = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(),
        help_text="The claim these words are an appearance of. It cannot change: split the "
        "appearance out into a claim of its own, or merge the two claims.",
    )
    source = SourceSummarySerializer(read_only=True)
    source_id = serializers.PrimaryKeyRelatedField(
        source="source",
        queryset=Source.objects.all(),
        write_only=True,
        help_text="The source (article, post, video) the words were published in.",
    )
    attributions = ChainLinkSerializer(
        many=True, read_only=True, help_text="How the words reached the outlet, nearest first."
    )
    figures = serializers.SerializerMethodField(
        help_text="The figures the quote states, read when it was saved and corrected by "
        "researchers, in quote order."
    )
    revision = revision_field("appearance", "appearance_changed")

    class Meta:
        model = Appearance
        fields = [
            "id",
            "claim",
            "source",
            "source_id",
            "quote",
            "language",
            "position",
            "made_on",
            "original_quote",
            "original_language",
            "translated_by",
            "translator",
            "quote_status",
            "original_status",
            "attributions",
            "figures",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["quote_status", "original_status", "created_at", "updated_at"]
        # The services refuse the same words at the same place with a 409 naming the claim
        # that has them, and check a translation's parts together (claims.services).
        validators = []

    @extend_schema_field(FigureSerializer(many=True))
    def get_figures(self, appearance: Appearance) -> list[dict]:
        return FigureSerializer(figures_of(appearance), many=True).data

    def validate_claim(self, value: Claim) -> Claim:
        if self.instance is not None and value.pk != self.instance.claim_id:
            raise serializers.ValidationError(
                "An appearance stays with its claim: split it out into a claim of its own "
                "(POST /api/v1/appearances/{id}/split/), or merge the two claims."
            )
        return value

    def to_representation(self, appearance: Appearance) -> dict:
        data = super().to_representation(appearance)
        if not sees_workflow(self, "claims.view_appearance"):
            data["revision"] = None
        return data


class AttributionSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    appearance = serializers.PrimaryKeyRelatedField(
        queryset=Appearance.objects.all(),
        help_text="The appearance whose chain this hop is in: each outlet's words reached it "
        "their own way.",
    )
    claim = serializers.IntegerField(
        source="appearance.claim_id", read_only=True, help_text="The appearance's claim."
    )
    claimant = ClaimantSummarySerializer(read_only=True)
    claimant_id = serializers.PrimaryKeyRelatedField(
        source="claimant", queryset=Claimant.objects.all(), write_only=True
    )

    class Meta:
        model = Attribution
        fields = ["id", "appearance", "claim", "position", "claimant", "claimant_id", "verb"]
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=Attribution.objects.all(),
                fields=["appearance", "position"],
                message="This appearance already has a hop at this position.",
            )
        ]

    def to_internal_value(self, data):
        # Clients written when hops belonged to a claim send its id; say what changed.
        if isinstance(data, Mapping) and "claim" in data:
            raise serializers.ValidationError(
                {
                    "claim": [
                        "A hop belongs to an appearance now, as each outlet's words reached "
                        "it their own way: send appearance, the id of one of the claim's "
                        "appearances (the claim lists them), instead of claim."
                    ]
                }
            )
        return super().to_internal_value(data)


class SplitSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text="Why these words are a claim of their own; kept in history."
    )
    text = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text="The new claim in one checkable sentence; left out, the claim's own.",
    )
