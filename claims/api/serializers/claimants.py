"""What the API reads and writes of claimants and their other names, what it answers when
asked for claimants like a name, and the body of a claimant merge."""

from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin

from ...models import Claimant, ClaimantName, save_with_unique_slug, standard_language_tag
from .common import ClaimantSummarySerializer, FreeSlugMixin, id_field

NAME_LENGTH = Claimant._meta.get_field("name").max_length


class OtherNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimantName
        fields = ["id", "name", "kind", "language"]
        read_only_fields = fields


class ClaimantSerializer(FreeSlugMixin, RejectUnknownFieldsMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Left out, it is made from the name."
    )
    names = OtherNameSerializer(
        many=True,
        read_only=True,
        help_text="Other names outlets publish them under: spellings, transliterations, the "
        "original script. Written through /api/v1/claimant-names/.",
    )

    class Meta:
        model = Claimant
        fields = ["id", "name", "slug", "kind", "affiliation", "description", "names"]

    def create(self, validated_data: dict) -> Claimant:
        if validated_data.get("slug"):
            return super().create(validated_data)
        claimant = Claimant(**validated_data)
        save_with_unique_slug(claimant, claimant.name, claimant.save)
        return claimant


class ClaimantNameSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    claimant = serializers.PrimaryKeyRelatedField(queryset=Claimant.objects.all())

    class Meta:
        model = ClaimantName
        fields = ["id", "claimant", "name", "kind", "language"]
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=ClaimantName.objects.all(),
                fields=["claimant", "name"],
                message="This claimant has this other name already.",
            )
        ]

    def validate_language(self, value: str) -> str:
        # The model's validator has refused a tag that is not BCP 47; this is its standard
        # case, as appearances store theirs.
        return standard_language_tag(value)

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        claimant = attrs.get("claimant") or self.instance.claimant
        name = attrs.get("name") or self.instance.name
        if name == claimant.name:
            raise serializers.ValidationError(
                {"name": ["This is the claimant's own name; add the other ways outlets write it."]}
            )
        return attrs


class SimilarQuerySerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=NAME_LENGTH,
        help_text="A name as an outlet printed it, in any script or spelling.",
    )
    limit = serializers.IntegerField(
        required=False, default=10, min_value=1, max_value=50, help_text="At most this many."
    )


class ClaimantMatchSerializer(serializers.Serializer):
    claimant = ClaimantSummarySerializer()
    score = serializers.FloatField(min_value=0, max_value=1, help_text="1 is the same name.")
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Which name matched, and how, in words."
    )


class SimilarClaimantsSerializer(serializers.Serializer):
    results = ClaimantMatchSerializer(many=True, help_text="Best first.")


class ClaimantMergeSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    into = id_field(
        "The claimant to keep: this one's claims and hops name it instead, and this one's "
        "names become its other names."
    )
