"""What the API reads and writes of claims, verdicts and their parts, and the bodies of its
workflow actions.

Readers who are not staff see no workflow: a public claim is "published" to them, with no
reviewer and no revision.
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin, is_staff_reader
from sources.models import Source

from .. import visibility
from ..models import (
    Attribution,
    Citation,
    Claim,
    Claimant,
    Rating,
    Topic,
    Verdict,
    save_with_unique_slug,
)

User = get_user_model()


def sees_workflow(serializer: serializers.Serializer, perm: str) -> bool:
    """Whether the request's client may see who reviews and where a claim is in the
    workflow: staff who read unpublished rows, not readers."""
    request = serializer.context.get("request")
    return request is not None and is_staff_reader(request.user, perm)


class FreeSlugMixin:
    """A slug a client chooses must be free: another row's is refused as a field error with
    the code "unique", before the database's unique index would refuse the insert."""

    def validate_slug(self, value: str) -> str:
        model = self.Meta.model
        taken = model.objects.filter(slug=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                f"Another {model._meta.verbose_name} has this slug.", code="unique"
            )
        return value


class RatingSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "label", "slug", "value", "description", "colour"]
        read_only_fields = fields


class ClaimantSerializer(FreeSlugMixin, RejectUnknownFieldsMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(
        max_length=80, required=False, help_text="Left out, it is made from the name."
    )

    class Meta:
        model = Claimant
        fields = ["id", "name", "slug", "kind", "affiliation", "description"]

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


class ClaimSerializer(
    FreeSlugMixin, SeenRevisionMixin, RejectUnknownFieldsMixin, serializers.ModelSerializer
):
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
        # Lists prefetch the versions; a claim just written through the API has not got them.
        versions = visibility.public_versions(claim)
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
