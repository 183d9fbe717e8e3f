"""Discrepancies: two figures of the same kind that disagree, proposed by
claims.services.discrepancies and confirmed, dismissed or explained by a reviewer."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .figures import Figure, FigureKind
from .records import history_with_reasons


class DiscrepancyStatus(models.TextChoices):
    PROPOSED = "proposed", "proposed"
    CONFIRMED = "confirmed", "confirmed: the sources disagree"
    DISMISSED = "dismissed", "dismissed"
    EXPLAINED = "explained", "explained"


class DiscrepancyScope(models.TextChoices):
    CLAIM = "claim", "appearances of one claim"
    ARTICLE = "article", "claims in one source"
    SIMILAR = "similar", "claims found alike"


class DiscrepancyLabel(models.TextChoices):
    DIFFER = "differ", "differ"
    QUALIFIER_DIFFERS = "qualifier_differs", "qualifier differs"


class Discrepancy(models.Model):
    """Two figures of one kind, from two appearances, that differ or differ in qualifier.

    `stated` holds both figures as they stood, with their quotes and sources: as proposed,
    and as the reviewer saw them when deciding, which is what a public page shows. A figure
    that goes (its words left the quote) leaves its side empty; one that changes, or a pair
    that no longer disagrees, marks a reviewed discrepancy `outdated` until a reviewer
    decides again, and takes it off public pages meanwhile. A proposed one that no longer
    holds is withdrawn by deleting it (its history keeps it).
    """

    Status = DiscrepancyStatus
    Scope = DiscrepancyScope
    Label = DiscrepancyLabel

    figure = models.ForeignKey(
        Figure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    other = models.ForeignKey(
        Figure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim = models.ForeignKey("Claim", on_delete=models.CASCADE, related_name="discrepancies")
    other_claim = models.ForeignKey(
        "Claim",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The other figure's claim: the same claim, or another one.",
    )
    kind = models.CharField(max_length=12, choices=FigureKind.choices)
    label = models.CharField(max_length=20, choices=DiscrepancyLabel.choices)
    scope = models.CharField(max_length=10, choices=DiscrepancyScope.choices)
    stated = models.JSONField(
        default=list, editable=False, help_text="Both figures with their quotes and sources."
    )
    status = models.CharField(
        max_length=10, choices=DiscrepancyStatus.choices, default=DiscrepancyStatus.PROPOSED
    )
    note = models.TextField(
        blank=True, help_text="The reviewer's reason: required to dismiss or explain."
    )
    outdated = models.BooleanField(
        default=False,
        editable=False,
        help_text="A figure changed or went since it was reviewed: decide again.",
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = history_with_reasons()

    class Meta:
        verbose_name = "figures that disagree"
        verbose_name_plural = "figures that disagree"
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["claim", "status"], name="discrepancy_claim_status_idx"),
            models.Index(fields=["other_claim"], name="discrepancy_other_claim_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "other"],
                name="discrepancy_pair_once",
                violation_error_message="These two figures are compared already.",
            ),
            models.CheckConstraint(
                condition=Q(figure__lt=F("other")) | Q(figure__isnull=True) | Q(other__isnull=True),
                name="discrepancy_pair_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DiscrepancyStatus.values), name="discrepancy_status_known"
            ),
            models.CheckConstraint(
                condition=Q(scope__in=DiscrepancyScope.values), name="discrepancy_scope_known"
            ),
            models.CheckConstraint(
                condition=Q(label__in=DiscrepancyLabel.values), name="discrepancy_label_known"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[DiscrepancyStatus.DISMISSED, DiscrepancyStatus.EXPLAINED])
                | ~Q(note=""),
                name="discrepancy_dismissal_says_why",
                violation_error_message="Say why: a dismissal or an explanation needs a note.",
            ),
            models.CheckConstraint(
                condition=Q(status=DiscrepancyStatus.PROPOSED) | Q(decided_by__isnull=False),
                name="discrepancy_decided_by_someone",
            ),
        ]

    def __str__(self) -> str:
        words = " / ".join(f"“{side.get('words', '')}”" for side in self.stated)
        return f"{self.get_kind_display()}: {words} ({self.get_label_display()})"
