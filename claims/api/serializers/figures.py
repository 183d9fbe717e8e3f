"""What the API shows of the figures of appearances' quotes, and how a claim's appearances
compare on them. Read-only here: researchers correct figures through the services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin

from ...figures.compare import LABELS
from ...models import Appearance, Figure, FigureKind


class FigureSerializer(serializers.ModelSerializer):
    span = serializers.SerializerMethodField(
        help_text="Where its words stand in the quote: [start, end), in characters."
    )

    class Meta:
        model = Figure
        fields = [
            "id", "words", "value", "upper", "qualifier", "unit", "kind", "normalised_value",
            "normalised_unit", "span", "origin", "stale",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"type": "integer"}, "minItems": 2})
    def get_span(self, figure: Figure) -> list[int]:
        return [figure.start, figure.end]


class FigureRowSerializer(RejectUnknownFieldsMixin, FigureSerializer):
    """A figure as /api/v1/figures/ reads and writes it: the appearance it belongs to, and
    what a researcher gives of it. The words must stand in the appearance's quote."""

    appearance = serializers.PrimaryKeyRelatedField(
        queryset=Appearance.objects.all(),
        help_text="The appearance whose quote states it. It cannot change.",
    )
    upper = serializers.FloatField(required=False, allow_null=True)

    class Meta(FigureSerializer.Meta):
        fields = ["appearance", *FigureSerializer.Meta.fields]
        read_only_fields = [
            "id", "normalised_value", "normalised_unit", "span", "origin", "stale",
        ]  # fmt: skip
        extra_kwargs = {"words": {"trim_whitespace": False}}
        # The services check the figure against the quote, with the field at fault.
        validators = []

    def validate_appearance(self, value: Appearance) -> Appearance:
        if self.instance is not None and value.pk != self.instance.appearance_id:
            raise serializers.ValidationError("A figure stays with its appearance.")
        return value


class ComparedFigureSerializer(serializers.Serializer):
    appearance = serializers.IntegerField(help_text="The appearance that states it.")
    words = serializers.CharField()
    value = serializers.FloatField()
    upper = serializers.FloatField(allow_null=True)
    qualifier = serializers.CharField()
    normalised_value = serializers.FloatField()
    normalised_unit = serializers.CharField()


class FigureComparisonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FigureKind.choices)
    label = serializers.ChoiceField(
        choices=[(label, label) for label in LABELS],
        help_text="agree: within what the figures' own rounding allows, same qualifier; "
        "qualifier_differs: the same value, said with another qualifier; differ: beyond it.",
    )
    figures = ComparedFigureSerializer(many=True)

    def to_representation(self, comparison: dict) -> dict:
        figures = [
            {
                "appearance": appearance_id,
                "words": f.words,
                "value": f.value,
                "upper": f.upper,
                "qualifier": f.qualifier,
                "normalised_value": f.normalised_value,
                "normalised_unit": f.normalised_unit,
            }
            for appearance_id, f in comparison["figures"]
        ]
        return {"kind": comparison["kind"], "label": comparison["label"], "figures": figures}
