"""What the API reads and writes of proposed changes, and the bodies of their decisions."""

from rest_framework import serializers

from config.api import RejectUnknownFieldsMixin

from ...models import Claim, Proposal
from .common import MAX_ID


class ProposalSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """A proposed change as a reviewer weighs it: what the row held, what it would hold."""

    claim = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(), help_text="The claim whose part the change is to."
    )
    kind = serializers.ChoiceField(
        choices=Proposal.Kind.choices,
        help_text="Which part, and what is done to it: changed, added or removed.",
    )
    target = serializers.IntegerField(
        source="target_id",
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="The id of the row changed or removed (a citation, a hop, an appearance, "
        "a source). Left out for an addition, and for the claim's place and its claimant, "
        "which the claim names.",
    )
    values = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        default=dict,
        help_text="The fields to write and their values (ids for rows, YYYY-MM-DD for "
        "dates); empty for a removal. Held to what a direct write of the row is held to.",
    )
    before = serializers.DictField(
        child=serializers.JSONField(),
        read_only=True,
        help_text="What the row held when the change was proposed; empty for an addition.",
    )
    reason = serializers.CharField(max_length=2000, help_text="Why the change is needed.")
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "claim",
            "kind",
            "target",
            "values",
            "before",
            "reason",
            "proposed_by",
            "created_at",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "basis_changed",
        ]
        read_only_fields = [
            "status",
            "created_at",
            "decided_at",
            "decision_note",
            "basis_changed",
        ]


class AcceptSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    note = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        allow_blank=True,
        help_text="Anything the proposer should know.",
    )


class RejectSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    note = serializers.CharField(
        max_length=2000, help_text="Why the change is turned down; the proposer reads it."
    )
