"""What the API shows of figures that disagree, and the body of a reviewer's decision.
Read-only but for the decision: the tracker proposes them from the figures."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin

from ...models import Discrepancy, FigureQualifier
from ...services.discrepancies import DECISIONS
from .common import sees_workflow


class StatedFigureSerializer(serializers.Serializer):
    """One side of a discrepancy as it was proposed, or as the reviewer saw it when
    deciding: the figure, its appearance's quote and its source, kept with the discrepancy
    so that a later change to them does not rewrite what was decided."""

    figure = serializers.IntegerField(
        help_text="The figure's id; it may since have been corrected or removed (see outdated)."
    )
    appearance = serializers.IntegerField(help_text="The appearance whose quote states it.")
    claim = serializers.IntegerField(help_text="The appearance's claim.")
    source = serializers.IntegerField(help_text="The source the quote was published in.")
    source_title = serializers.CharField(help_text="Its title, or its URL if it has none.")
    source_url = serializers.CharField()
    quote = serializers.CharField()
    words = serializers.CharField(help_text="The figure's words in the quote.")
    span = serializers.SerializerMethodField(
        help_text="Where its words stand in the quote: [start, end), in characters."
    )
    value = serializers.FloatField()
    upper = serializers.FloatField(allow_null=True, help_text="A range's top, else null.")
    qualifier = serializers.ChoiceField(choices=FigureQualifier.choices)
    unit = serializers.CharField()
    normalised_value = serializers.FloatField()
    normalised_unit = serializers.CharField()

    @extend_schema_field({"type": "array", "items": {"type": "integer"}, "minItems": 2})
    def get_span(self, side: dict) -> list[int]:
        return [side["start"], side["end"]]


class DiscrepancySerializer(serializers.ModelSerializer):
    decided_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="The reviewer who decided last, by username, or null; null for readers "
        "who are not staff.",
    )
    figures = StatedFigureSerializer(
        source="stated",
        many=True,
        read_only=True,
        help_text="The two figures, each with its claim: as proposed, or as the reviewer saw "
        "them when deciding.",
    )

    class Meta:
        model = Discrepancy
        fields = [
            "id", "kind", "label", "scope", "status", "note", "outdated", "proposed_at",
            "decided_at", "decided_by", "claim", "other_claim", "figures",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, discrepancy: Discrepancy) -> dict:
        data = super().to_representation(discrepancy)
        if not sees_workflow(self, "claims.view_discrepancy"):
            # The newsroom stands behind a confirmation, as behind a verdict.
            data["decided_by"] = None
        return data


class DiscrepancyDecisionSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A reviewer's decision on a pair, and why."""

    status = serializers.ChoiceField(
        choices=[(status, Discrepancy.Status(status).label) for status in DECISIONS],
        help_text="confirmed: the sources disagree; dismissed: they do not; explained: they "
        "do, and the note says why.",
    )
    note = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        allow_blank=True,
        help_text="Why: required to dismiss or explain. Readers see it with a confirmed pair.",
    )
