"""What the API answers when asked for claims like a typed text: the query it takes, and each
suggestion with its claim (as the asker may see it), score, level and reasons.

A reader who is not staff sees a suggested claim as the public pages show it: published, with
no reviewer and no admin address. Only public claims are ever suggested to them.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import Claim, Claimant
from ...similar.suggest import MAX_CHARACTERS
from .common import ClaimantSummarySerializer, sees_workflow

REASON_KINDS = {
    "wording": "shares content words with the text; `words` are the claim's, as written",
    "meaning": "close in meaning, by the sentence model",
    "claimant": "the same claimant, or one of their other names",
    "figures": "states the same figures",
    "different_figures": "states other figures than the text: likely another claim",
    "short": "would be the same, but the text is too short to be sure",
}
NAME_LENGTH = Claimant._meta.get_field("name").max_length


class SimilarClaimsQuerySerializer(serializers.Serializer):
    """The query. The text itself is checked by claims.similar.validate, whose codes
    (text_required, text_too_long, text_without_words) the error answers with."""

    text = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"The quote or claim as typed, at most {MAX_CHARACTERS:,} characters, with "
        "at least one word that is not a stop word.",
    )
    claimant = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=NAME_LENGTH,
        help_text="Who made it: a claimant's id, or a name as an outlet printed it (any "
        "spelling or script). Claims by the same claimant rank a little higher.",
    )
    limit = serializers.IntegerField(
        required=False, default=10, min_value=1, max_value=20, help_text="At most this many."
    )

    def validate_claimant(self, value: str) -> str:
        if "\x00" in value:
            raise serializers.ValidationError("Null characters are not allowed.")
        return value.strip()


class SuggestedClaimSerializer(serializers.ModelSerializer):
    claimant = ClaimantSummarySerializer(read_only=True)
    status = serializers.ChoiceField(
        choices=Claim.Status.choices,
        read_only=True,
        help_text='Where the claim is in the workflow; "published" for readers who are not '
        "staff, who are only ever suggested public claims.",
    )
    url = serializers.SerializerMethodField(
        help_text="The claim's public page; null while it is not public."
    )
    admin_url = serializers.SerializerMethodField(
        help_text="The claim's page in the admin, for staff; null for readers."
    )

    class Meta:
        model = Claim
        fields = ["id", "slug", "text", "claimant", "status", "url", "admin_url"]
        read_only_fields = fields

    def _staff(self) -> bool:
        return sees_workflow(self, "claims.view_claim")

    def to_representation(self, claim: Claim) -> dict:
        data = super().to_representation(claim)
        if not self._staff():
            data["status"] = Claim.Status.PUBLISHED
        return data

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, claim: Claim) -> str | None:
        # `is_public` is annotated by the view from claims.visibility's rule.
        if not claim.is_public:
            return None
        return self._absolute(claim.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_admin_url(self, claim: Claim) -> str | None:
        if not self._staff():
            return None
        return self._absolute(reverse("admin:claims_claim_change", args=[claim.pk]))


class SuggestionReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=list(REASON_KINDS),
        help_text="; ".join(f"{kind}: {meaning}" for kind, meaning in REASON_KINDS.items()),
    )
    message = serializers.CharField(help_text="The reason in a sentence a person can check.")
    words = serializers.ListField(
        child=serializers.CharField(),
        help_text="For wording: the claim's words the text shares, to highlight; else empty.",
    )


class SuggestionSerializer(serializers.Serializer):
    claim = SuggestedClaimSerializer()
    score = serializers.FloatField(min_value=0, max_value=1, help_text="1 is the same words.")
    level = serializers.ChoiceField(
        choices=["same", "related"],
        help_text="same: likely this claim, so the text can be attached as an appearance of "
        "it; related: worth a look.",
    )
    reasons = SuggestionReasonSerializer(many=True)


class MeaningSerializer(serializers.Serializer):
    used = serializers.BooleanField(
        source="available", help_text="Whether matching by meaning took part."
    )
    reason = serializers.CharField(help_text="Why not, when it did not; else empty.")
    model = serializers.CharField(help_text="The sentence model used; empty when none was.")


class SimilarClaimsSerializer(serializers.Serializer):
    results = SuggestionSerializer(many=True, help_text="Best first.")
    semantic = MeaningSerializer()
