"""The rating scale and the verdicts reviewers give claims, with their versions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from config.validators import no_bidi_reordering

from ..markdown import render_markdown
from .records import history_with_reasons, next_revision


class Rating(models.Model):
    """A step of the rating scale; the scale itself is written by a data migration."""

    label = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="5 is true, 1 is false; empty for a rating that is not on the scale.",
    )
    description = models.TextField()
    colour = models.CharField(
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-f]{6}$", "Use a colour such as #1a7f37.")],
    )

    class Meta:
        ordering = [F("value").desc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="rating_value_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class Verdict(models.Model):
    """A reviewer's rating of a claim; corrections publish a new version."""

    Status = VerdictStatus

    claim = models.ForeignKey("Claim", on_delete=models.PROTECT, related_name="verdicts")
    rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="verdicts"
    )
    summary = models.CharField(
        max_length=280,
        blank=True,
        validators=[no_bidi_reordering],
        help_text="The verdict in one line.",
    )
    rationale = models.TextField(
        blank=True, validators=[no_bidi_reordering], help_text="The reasoning, in Markdown."
    )
    rationale_html = models.TextField(
        blank=True, editable=False, help_text="The rationale rendered and sanitised on save."
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts",
        help_text="Who drafted this version.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts_published",
        editable=False,
    )
    override_reason = models.TextField(
        blank=True,
        editable=False,
        validators=[no_bidi_reordering],
        help_text="Why an editor published a verdict on a claim they logged themselves.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up on every save, so a form opened before a save can tell it is stale.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.TextField(
        blank=True,
        validators=[no_bidi_reordering],
        help_text="Required when this version replaces a published verdict.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = history_with_reasons()

    class Meta:
        ordering = ["claim", "-version"]
        get_latest_by = "version"
        permissions = [
            ("override_four_eyes", "Can publish a verdict on a claim they logged, giving a reason")
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="verdict_published_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status="published"),
                name="verdict_one_published_per_claim",
                violation_error_message="This claim already has a published verdict.",
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status="draft"),
                name="verdict_one_draft_per_claim",
                violation_error_message="This claim already has a verdict being drafted.",
            ),
            models.UniqueConstraint(fields=["claim", "version"], name="verdict_version_unique"),
            models.CheckConstraint(
                condition=Q(status__in=VerdictStatus.values), name="verdict_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(published_at__isnull=False, rating__isnull=False) & ~Q(summary="")),
                name="verdict_published_is_complete",
                violation_error_message="A published verdict needs a rating, a summary and a time.",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | Q(status="draft") | ~Q(correction_note=""),
                name="verdict_correction_has_note",
                violation_error_message="A correction needs a note saying what changed.",
            ),
        ]

    def __str__(self) -> str:
        return f"Verdict v{self.version} on {self.claim}"

    def save(self, *args, **kwargs):
        next_revision(self, kwargs)
        # Rendering on save, not on display, keeps pages cheap and means the stored HTML is
        # always the sanitised form of the stored Markdown, whatever wrote the row.
        self.rationale_html = render_markdown(self.rationale)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rationale_html"}
        super().save(*args, **kwargs)
