"""Claims: the checkable statement, where it appeared, who made it and through whom, and the
sources it rests on or is tested against."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from config.validators import no_bidi_controls, no_bidi_reordering
from sources.models import Source

from .claimants import Claimant, Topic
from .records import history_with_reasons, next_revision
from .slugs import save_with_unique_slug
from .verdicts import Verdict, VerdictStatus

REVIEWERS_GROUP = "Reviewers"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    MERGED = "merged", "Merged into another claim"


class ClaimQuerySet(models.QuerySet):
    def assigned_to(self, user) -> "ClaimQuerySet":
        """Claims waiting for user's review."""
        return self.filter(reviewer=user, status=ClaimStatus.IN_REVIEW)

    def newly_assigned_to(self, user) -> "ClaimQuerySet":
        """Claims waiting for user's review on which no verdict has been started yet."""
        started = Verdict.objects.filter(claim=OuterRef("pk"), status=VerdictStatus.DRAFT)
        return self.assigned_to(user).exclude(Exists(started))


class Claim(models.Model):
    """One checkable statement and who made it: what a verdict rates. Where and in what
    words it was published are its appearances."""

    Status = ClaimStatus

    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        validators=[no_bidi_controls],
        help_text="Left empty, it is made from the claim.",
    )
    text = models.TextField(
        "claim",
        validators=[no_bidi_reordering],
        help_text="The claim in one checkable sentence.",
    )
    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, related_name="claims")
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    place = models.CharField(max_length=200, blank=True, validators=[no_bidi_controls])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    first_appearance = models.ForeignKey(
        "Appearance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The earliest of the claim's appearances; kept by the services.",
    )
    appearance_words = models.TextField(
        blank=True,
        editable=False,
        help_text="The words of every appearance, for search; kept by the services.",
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_claims",
        editable=False,
        help_text="The claim this one was merged into, while the merge stands.",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims_to_review",
        limit_choices_to={"groups__name": REVIEWERS_GROUP},
    )
    assigned_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims_logged",
        editable=False,
    )
    wording_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="wording last changed by",
        help_text="Who last wrote the words a verdict rates: the claim's text or an "
        "appearance's words. Kept by the services; they do not publish its verdict alone.",
    )
    published_verdict = models.OneToOneField(
        "Verdict",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The verdict readers see; set and cleared by the services that publish, "
        "correct and unpublish, together with its status.",
    )
    verdict_published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the verdict readers see was published, kept here for sorting.",
    )
    imported_from_url = models.URLField(
        "imported from",
        max_length=2048,
        blank=True,
        validators=[no_bidi_controls],
        editable=False,
        help_text="The ClaimReview this claim was imported from; a re-import of it is skipped.",
    )
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up on every save, so a form opened before a save can tell it is stale.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = history_with_reasons(m2m_fields=[topics])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="claim_status_updated_idx"),
            models.Index(fields=["reviewer", "status"], name="claim_reviewer_status_idx"),
            # The two partial indexes cover the public claims, the rows that
            # claims.visibility.public_claims() selects (a test holds the two together).
            # Newest verdicts first, among public claims only: the list's default order, and
            # what counting them reads instead of the table.
            models.Index(
                fields=["-verdict_published_at", "-id"],
                condition=Q(published_verdict__isnull=False),
                name="claim_public_newest_idx",
            ),
            # A claimant's page: their public claims, newest verdicts first, and their count.
            models.Index(
                fields=["claimant", "-verdict_published_at", "-id"],
                condition=Q(published_verdict__isnull=False),
                name="claim_public_claimant_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(published_verdict__isnull=True, verdict_published_at__isnull=True)
                | Q(
                    published_verdict__isnull=False,
                    verdict_published_at__isnull=False,
                    status__in=[ClaimStatus.PUBLISHED, ClaimStatus.IN_REVIEW],
                ),
                name="claim_published_verdict_complete",
                violation_error_message="A claim shown with a verdict needs its publication "
                "time and must be past draft.",
            ),
            models.UniqueConstraint(
                fields=["imported_from_url"],
                condition=~Q(imported_from_url=""),
                name="claim_imported_once",
                violation_error_message="A claim was already imported from this review.",
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def save(self, *args, **kwargs):
        next_revision(self, kwargs)
        if self.slug:
            super().save(*args, **kwargs)
        else:
            save_with_unique_slug(self, self.text, lambda: super(Claim, self).save(*args, **kwargs))

    def get_absolute_url(self) -> str:
        """The claim's public page, which answers only while the claim is public."""
        return reverse("claims:claim", kwargs={"slug": self.slug})


class CitationRole(models.TextChoices):
    ORIGIN = "origin", "Origin"
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


class Citation(models.Model):
    """A source a claim rests on or is tested against, and the part it plays."""

    Role = CitationRole

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    role = models.CharField(max_length=10, choices=Role.choices)
    note = models.TextField(blank=True, validators=[no_bidi_reordering])
    quote = models.TextField(
        blank=True,
        validators=[no_bidi_reordering],
        help_text="The passage of the source that matters.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = history_with_reasons()

    class Meta:
        ordering = ["claim", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"], name="citation_source_once_per_claim"
            ),
            models.CheckConstraint(
                condition=Q(role__in=CitationRole.values), name="citation_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["source", "role"], name="citation_source_role_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.source}"
