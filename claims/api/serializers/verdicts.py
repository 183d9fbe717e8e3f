"""What the API reads and writes of verdicts, what readers see of one, and the bodies of the
verdict workflow's actions."""

from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin

from ...models import Claim, Rating, Verdict
from .common import LookupField, RatingSerializer, SeenRevisionMixin, revision_field, sees_workflow


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
