"""Proposed changes: an edit a researcher asks for to what a published claim's page shows,
held until a reviewer accepts or rejects it (claims.services.proposals)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .claims import Claim


class ProposalKind(models.TextChoices):
    CLAIM = "claim", "Change the claim's place"
    APPEARANCE = "appearance", "Change an appearance's date"
    CITATION_CHANGE = "citation_change", "Change a citation"
    CITATION_ADD = "citation_add", "Add a citation"
    CITATION_REMOVE = "citation_remove", "Remove a citation"
    HOP_CHANGE = "hop_change", "Change a hop of an attribution chain"
    HOP_ADD = "hop_add", "Add a hop to an attribution chain"
    HOP_REMOVE = "hop_remove", "Remove a hop of an attribution chain"
    CLAIMANT = "claimant", "Change the claimant's name or kind"
    SOURCE = "source", "Change a source's title or publisher"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ProposalQuerySet(models.QuerySet):
    def pending(self) -> "ProposalQuerySet":
        return self.filter(status=ProposalStatus.PENDING)


class Proposal(models.Model):
    """A change to one part of a claim that a reviewer accepts or rejects.

    `before` is what the target held when the change was proposed, so the reviewer sees
    before and after, and an accept refuses a target that changed since.
    """

    Kind = ProposalKind
    Status = ProposalStatus

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The row the change is to (a citation, a hop, the claimant, a source…); "
        "empty for an addition.",
    )
    values = models.JSONField("proposed values", default=dict)
    before = models.JSONField(
        "values when proposed", default=dict, help_text="Empty for an addition."
    )
    values_key = models.CharField(
        max_length=64,
        editable=False,
        help_text="A digest of the kind, the target and the values, so a pending proposal "
        "is made once.",
    )
    reason = models.TextField(help_text="Why the change is needed; the reviewer reads it.")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals_made"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    basis_changed = models.BooleanField(
        "may need a correction",
        default=False,
        help_text="Accepted, it changed the evidence a published verdict rests on.",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["claim", "status"], name="proposal_claim_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalKind.values), name="proposal_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            models.UniqueConstraint(
                fields=["claim", "proposed_by", "values_key"],
                condition=Q(status=ProposalStatus.PENDING),
                name="proposal_pending_once",
                violation_error_message="You have proposed this change already.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (claim {self.claim_id}, {self.get_status_display()})"
