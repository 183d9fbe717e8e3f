"""Suggested claims: the check-worthy sentences of an article's archived text, each with a
guess of who said it and through whom, read by claims.suggestions in the worker, and logged
or dismissed by researchers."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from sources.models import Capture, Source

from .appearances import Appearance
from .claimants import Claimant
from .records import history_with_reasons


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "open"
    LOGGED = "logged", "logged as an appearance"
    DISMISSED = "dismissed", "dismissed"


class SuggestedClaim(models.Model):
    """One sentence of a source's archived text that may be a claim worth checking.

    A sentence is suggested once per source however often it stands there
    (`sentence_key`); a reading of a later capture updates its score, guesses and place,
    and never a researcher's decision: a dismissed sentence stays dismissed, a logged one
    keeps its appearance.
    """

    Status = SuggestionStatus

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="suggested_claims")
    capture = models.ForeignKey(
        Capture,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="The capture whose text it was read from; start and end are in its text.",
    )
    sentence = models.TextField()
    sentence_key = models.CharField(max_length=64, editable=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    position = models.PositiveIntegerField(
        default=0, help_text="Which sentence of the text it is, from 1: where it appeared."
    )
    score = models.FloatField(help_text="How check-worthy, 0 to 1.")
    reasons = models.JSONField(default=list)
    claimant = models.ForeignKey(
        Claimant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The logged claimant guessed, if any.",
    )
    claimant_name = models.CharField(
        max_length=200, blank=True, help_text="Who the sentence says said it, as it says it."
    )
    claimant_kind = models.CharField(max_length=20, blank=True)
    claimant_how = models.CharField(max_length=200, blank=True)
    chain = models.JSONField(default=list, help_text="[[name, verb], …] from the outlet outward.")
    figures = models.JSONField(default=list)
    matches = models.JSONField(default=list, help_text="Similar claims already logged.")
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    appearance = models.ForeignKey(
        Appearance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The appearance its words were logged as.",
    )
    dismissed_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = history_with_reasons(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["source", "-score", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "sentence_key"], name="suggestion_sentence_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=SuggestionStatus.DISMISSED) | ~Q(dismissed_reason=""),
                name="suggestion_dismissal_says_why",
                violation_error_message="Say why the sentence is not a claim worth logging.",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="suggestion_span_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["source", "status"], name="suggestion_source_status_idx")]

    def __str__(self) -> str:
        return self.sentence[:80]


class SuggestionRun(models.Model):
    """The last reading of a source's text for claims: what it read, and a note where it
    read nothing or only part (no archived text, a page cut short, a language the
    attribution rules do not cover)."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="suggestion_run")
    capture = models.ForeignKey(Capture, on_delete=models.SET_NULL, null=True, related_name="+")
    ran_at = models.DateTimeField(auto_now=True)
    words = models.PositiveIntegerField(default=0)
    sentences = models.PositiveIntegerField(default=0)
    suggested = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"suggestions for source {self.source_id}"
