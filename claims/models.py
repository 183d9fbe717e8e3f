from collections.abc import Callable

from anyascii import anyascii
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from sources.models import Source

from .markdown import render_markdown

REVIEWERS_GROUP = "Reviewers"


def _history(**kwargs) -> HistoricalRecords:
    # Services record why a row changed ("published", "unpublished: <reason>"); the default
    # 100-character column would cut a person's reason short.
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True), **kwargs)


# How many slugs a save tries when other writers keep taking the one it chose.
SLUG_ATTEMPTS = 3


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 80) -> str:
    """A slug made from text that no row of model has yet: "text", then "text-2", ...

    Text in another script is transliterated first, so a claim in Ukrainian or Russian gets
    a slug a person can read rather than the model's name and a number. One query, however
    many rows share the slug's start.
    """
    base = slugify(anyascii(text))[: max_length - 4].strip("-") or model._meta.model_name
    # slugify leaves only [a-z0-9_-], none of which a regular expression treats specially.
    # The prefix lets the database walk the slug's index; the pattern keeps "text-2" and
    # drops "text-and-more".
    taken = set(
        model._default_manager.filter(slug__startswith=base, slug__regex=rf"^{base}(-[0-9]+)?$")
        .order_by()
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def save_with_unique_slug(obj: models.Model, text: str, save: Callable[[], None]) -> None:
    """Give obj a free slug made from text and save it with save().

    Another writer can take the same slug between the check and the insert; the unique
    index then refuses this one, and it tries again with the next free slug instead of
    failing the request.
    """
    model = type(obj)
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        obj.slug = unique_slug(model, text)
        try:
            with transaction.atomic():
                save()
        except IntegrityError:
            if (
                attempt == SLUG_ATTEMPTS
                or not model._default_manager.filter(slug=obj.slug).exists()
            ):
                raise
        else:
            return


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClaimantKind(models.TextChoices):
    PERSON = "person", "Person"
    GOVERNMENT = "government", "Government"
    MILITARY = "military", "Military"
    ARMED_GROUP = "armed_group", "Armed group"
    MEDIA = "media", "Media"
    ORGANISATION = "organisation", "Organisation"
    UNNAMED = "unnamed", "Unnamed source"


class Claimant(models.Model):
    """Whoever a claim is attributed to: a person, a government, a newsroom, an unnamed source."""

    Kind = ClaimantKind

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    affiliation = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="claimant_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ClaimantKind.values), name="claimant_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class QuoteStatus(models.TextChoices):
    NOT_CAPTURED = "not_captured", "Not yet captured"
    VERIFIED = "verified", "Verified"
    NOT_FOUND = "not_found", "Not found"


def public_claim(prefix: str = "") -> Q:
    """What makes a claim public, as a condition on the claim at prefix ("claims__" from a
    source or claimant). The partial index on Claim covers exactly these rows."""
    return Q(**{f"{prefix}published_verdict__isnull": False})


class ClaimQuerySet(models.QuerySet):
    def published(self) -> "ClaimQuerySet":
        """Claims anyone may see: the one visibility rule for pages, API, feeds and search.

        A claim is public while it has a published verdict. That includes a claim back in
        review while a correction is drafted: the services keep its earlier verdict published
        until the correction replaces it, so readers go on seeing what we last stood behind.
        An unpublished claim has no published verdict left, so it is hidden.

        The services record that verdict on the claim row (`published_verdict`), and a
        constraint keeps a claim that has one past draft, so the rule is one indexed column.
        """
        return self.filter(public_claim())

    def assigned_to(self, user) -> "ClaimQuerySet":
        """Claims waiting for user's review."""
        return self.filter(reviewer=user, status=ClaimStatus.IN_REVIEW)

    def newly_assigned_to(self, user) -> "ClaimQuerySet":
        """Claims waiting for user's review on which no verdict has been started yet."""
        started = Verdict.objects.filter(claim=OuterRef("pk"), status=VerdictStatus.DRAFT)
        return self.assigned_to(user).exclude(Exists(started))


def _next_revision(obj: models.Model, save_kwargs: dict) -> None:
    """Move a saved row's revision on, so a form opened before the save can tell it is
    stale; a save of some fields writes the revision and updated_at with them."""
    if obj._state.adding:
        return
    obj.revision += 1
    if save_kwargs.get("update_fields") is not None:
        save_kwargs["update_fields"] = {*save_kwargs["update_fields"], "revision", "updated_at"}


class Claim(models.Model):
    """One checkable statement, the exact words it appeared in, and who made it."""

    Status = ClaimStatus

    slug = models.SlugField(
        max_length=80, unique=True, blank=True, help_text="Left empty, it is made from the claim."
    )
    text = models.TextField("claim", help_text="The claim in one checkable sentence.")
    quote = models.TextField(help_text="The exact words as they appear in the source.")
    appearance = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="The article or post the claim appeared in.",
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Order of the claim within its article."
    )
    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, related_name="claims")
    made_on = models.DateField("date made", null=True, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
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
    quote_status = models.CharField(
        max_length=12,
        choices=QuoteStatus.choices,
        default=QuoteStatus.NOT_CAPTURED,
        editable=False,
        help_text="Whether the quote was found in the archived text of the appearance.",
    )
    quote_capture = models.ForeignKey(
        "sources.Capture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The capture whose text the quote was checked against.",
    )
    quote_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quote_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quote_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
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
    history = _history(m2m_fields=[topics])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["appearance", "position", "pk"]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="claim_status_updated_idx"),
            models.Index(fields=["reviewer", "status"], name="claim_reviewer_status_idx"),
            models.Index(fields=["appearance", "position"], name="claim_appearance_idx"),
            # Newest verdicts first, among public claims only: the list's default order, and
            # what counting them reads instead of the table.
            models.Index(
                fields=["-verdict_published_at", "-id"],
                condition=public_claim(),
                name="claim_public_newest_idx",
            ),
            # A claimant's page: their public claims, newest verdicts first, and their count.
            models.Index(
                fields=["claimant", "-verdict_published_at", "-id"],
                condition=public_claim(),
                name="claim_public_claimant_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="claim_quote_not_empty"),
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
        _next_revision(self, kwargs)
        if self.slug:
            super().save(*args, **kwargs)
        else:
            save_with_unique_slug(self, self.text, lambda: super(Claim, self).save(*args, **kwargs))


class Attribution(models.Model):
    """One hop in the chain by which a claim reached the article, nearest hop first."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    position = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="1 is the hop nearest the article."
    )
    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(
        max_length=40, default="said", help_text='How this hop passed it on: "said", "citing"…'
    )
    history = _history()

    class Meta:
        ordering = ["claim", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "position"], name="attribution_position_unique_per_claim"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="attribution_position_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.claimant.name} ({self.verb})"


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
    note = models.TextField(blank=True)
    quote = models.TextField(blank=True, help_text="The passage of the source that matters.")
    position = models.PositiveSmallIntegerField(default=0)
    history = _history()

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

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="verdicts"
    )
    summary = models.CharField(max_length=280, blank=True, help_text="The verdict in one line.")
    rationale = models.TextField(blank=True, help_text="The reasoning, in Markdown.")
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
        blank=True, help_text="Required when this version replaces a published verdict."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = _history()

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
        _next_revision(self, kwargs)
        # Rendering on save, not on display, keeps pages cheap and means the stored HTML is
        # always the sanitised form of the stored Markdown, whatever wrote the row.
        self.rationale_html = render_markdown(self.rationale)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rationale_html"}
        super().save(*args, **kwargs)
