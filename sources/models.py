"""Sources and their captures: the rows, their constraints, and the queries on them.

The rules for writing them are in sources.services."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.validators import no_bidi_controls, no_bidi_reordering

from .fields import SourceURLField


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    VIDEO = "video", "Video"
    SOCIAL_POST = "social_post", "Social media post"
    REPORT = "report", "Report"
    STATEMENT = "statement", "Statement"
    DATASET = "dataset", "Dataset"
    OTHER = "other", "Other"


class SourceHealth(models.TextChoices):
    UNCHECKED = "unchecked", "Not checked yet"
    OK = "ok", "OK"
    CHANGED = "changed", "Changed"
    GONE = "gone", "Gone"
    ERROR = "error", "Error"


class SourceQuerySet(models.QuerySet):
    def due_for_recheck(self, *, now=None) -> "SourceQuerySet":
        """Sources whose last capture was asked for ARCHIVE_RECHECK_DAYS ago or more, and
        none queued or running: oldest first."""
        now = now or timezone.now()
        since = now - timedelta(days=settings.ARCHIVE_RECHECK_DAYS)
        active = Capture.objects.filter(source=OuterRef("pk"), status__in=Capture.ACTIVE_STATUSES)
        return (
            self.annotate(last_requested=Max("captures__requested_at"))
            .filter(Q(last_requested__lt=since) | Q(last_requested__isnull=True))
            .exclude(Exists(active))
            .order_by(F("last_requested").asc(nulls_first=True), "pk")
        )


class Source(models.Model):
    """A page, document or post that a claim appears in or is tested against."""

    Kind = SourceKind
    Health = SourceHealth

    url = SourceURLField(
        "URL",
        max_length=2048,
        unique=True,
        help_text="Stored normalised: tracking parameters and the #fragment are dropped.",
    )
    title = models.CharField(max_length=500, blank=True, validators=[no_bidi_reordering])
    publisher = models.CharField(max_length=200, blank=True, validators=[no_bidi_controls])
    author = models.CharField(max_length=200, blank=True, validators=[no_bidi_controls])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    language = models.CharField(
        max_length=35, blank=True, help_text="A language tag such as en, uk or ru."
    )
    published_on = models.DateField("published", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    health = models.CharField(
        "link health",
        max_length=10,
        choices=Health.choices,
        default=Health.UNCHECKED,
        editable=False,
        help_text="From the latest finished capture: changed means the text differs from the "
        "first good capture (or from the copy whose change was last accepted), gone means 404, "
        "410 or a host name that no longer exists.",
    )
    health_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_copy = models.ForeignKey(
        "Capture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The latest good capture: the copy pages link to. Kept with link health.",
    )
    accepted_capture = models.ForeignKey(
        "Capture",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="accepted copy",
        help_text="The good capture whose text a researcher reviewed and accepted: link health "
        "compares with it instead of the first good capture.",
    )
    change_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    change_accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    change_note = models.TextField(
        blank=True,
        editable=False,
        validators=[no_bidi_reordering],
        help_text="What changed in the accepted copy, and why it does not matter.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who changed its title, publisher or anything else, and when: public pages show them.
    # A reason column long enough for a person's reason, as the claims' histories have.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind"], name="source_kind_idx"),
            models.Index(fields=["publisher"], name="source_publisher_idx"),
            models.Index(fields=["-created_at"], name="source_created_idx"),
            models.Index(fields=["health"], name="source_health_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class CaptureStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    BLOCKED = "blocked", "Blocked"


class CaptureFixity(models.TextChoices):
    UNCHECKED = "unchecked", "Not checked yet"
    FLAGGED = "flagged", "Flagged for a check"
    OK = "ok", "OK"
    MISSING = "missing", "WARC file missing"
    MISMATCH = "mismatch", "WARC file altered"


class Capture(models.Model):
    """One attempt to archive a source; the row, not a queue message, is the truth."""

    Status = CaptureStatus
    Fixity = CaptureFixity

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    class ErrorCode(models.TextChoices):
        BAD_URL = "bad_url", "Bad URL"
        DNS = "dns", "Host name not found"
        CONNECT = "connect", "Could not connect"
        TLS = "tls", "TLS certificate problem"
        TIMEOUT = "timeout", "Timed out"
        TOO_LARGE = "too_large", "Too large"
        TOO_MANY_REDIRECTS = "too_many_redirects", "Too many redirects"
        BLOCKED_ADDRESS = "blocked_address", "Address not allowed"
        HTTP_STATUS = "http_status", "HTTP error status"
        WORKER_LOST = "worker_lost", "Worker stopped"
        INTERNAL = "internal", "Archiver error"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="captures")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error_code = models.CharField(max_length=20, choices=ErrorCode.choices, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When a queued capture is due to be tried (again)."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    http_status = models.PositiveSmallIntegerField("HTTP status", null=True, blank=True)
    final_url = models.URLField("final URL", max_length=2048, blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    redirect_chain = models.JSONField(default=list, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField("payload SHA-256", max_length=64, blank=True)
    warc = models.FileField("WARC file", upload_to="warc/%Y/%m/", blank=True)
    warc_sha256 = models.CharField("WARC file SHA-256", max_length=64, blank=True)
    warc_record_id = models.CharField("WARC response record ID", max_length=100, blank=True)
    warc_date = models.DateTimeField("WARC date", null=True, blank=True)
    revisit_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisits",
        help_text="The earlier capture holding the identical payload this one's WARC refers to.",
    )
    fixity = models.CharField(
        max_length=10, choices=Fixity.choices, default=Fixity.UNCHECKED, blank=True
    )
    fixity_checked_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField("page title", max_length=500, blank=True)
    text = models.TextField("extracted text", blank=True)
    text_sha256 = models.CharField("text SHA-256", max_length=64, blank=True)
    changed = models.BooleanField(
        null=True, blank=True, help_text="Whether the text differs from the previous good capture."
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        get_latest_by = "requested_at"
        indexes = [
            models.Index(fields=["source", "-requested_at"], name="capture_source_latest_idx"),
            # A source's finished captures by outcome and time: its last good copy, its
            # baseline and its health. Without it SQLite's planner reads these through the
            # status index, every good capture of every source (and, past each row's text,
            # its overflow pages) for each capture that finishes.
            models.Index(
                fields=["source", "status", "finished_at"], name="capture_source_finished_idx"
            ),
            models.Index(fields=["status", "next_attempt_at"], name="capture_status_due_idx"),
            models.Index(fields=["fixity", "fixity_checked_at"], name="capture_fixity_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(status__in=["queued", "running"]),
                name="capture_one_active_per_source",
                violation_error_message="This source already has a capture queued or running.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CaptureStatus.values), name="capture_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Capture {self.pk} of source {self.source_id} ({self.get_status_display()})"
