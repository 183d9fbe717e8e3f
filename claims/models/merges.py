"""Merges of claims that turned out to be one: what moved, so that a merge can be undone."""

from django.conf import settings
from django.db import models

from config.validators import no_bidi_reordering


class ClaimMerge(models.Model):
    """One claim merged into another by a reviewer, and what the merge moved.

    The claim merged away is kept, with the status "merged", so undoing the merge puts back
    what it had: its appearances, citations and topics, as `moved` lists them, and its
    status before the merge.
    """

    merged = models.ForeignKey(
        "Claim", on_delete=models.PROTECT, related_name="merges_away", help_text="Merged away."
    )
    into = models.ForeignKey(
        "Claim", on_delete=models.PROTECT, related_name="merges_in", help_text="Kept."
    )
    reason = models.TextField(validators=[no_bidi_reordering])
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    status_before = models.CharField(max_length=10)
    moved = models.JSONField(
        default=dict,
        help_text="Ids of the appearances and citations moved, the topics added, and the "
        "citations of a source both claims cited, as they were.",
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_reason = models.TextField(blank=True, validators=[no_bidi_reordering])

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["merged"],
                condition=models.Q(undone_at__isnull=True),
                name="claim_merge_one_standing",
                violation_error_message="This claim is merged already.",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged=models.F("into")), name="claim_merge_not_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"Claim {self.merged_id} merged into {self.into_id}"
