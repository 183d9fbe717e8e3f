from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .fields import SourceURLField


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    VIDEO = "video", "Video"
    SOCIAL_POST = "social_post", "Social media post"
    REPORT = "report", "Report"
    STATEMENT = "statement", "Statement"
    DATASET = "dataset", "Dataset"
    OTHER = "other", "Other"


class Source(models.Model):
    """A page, document or post that a claim appears in or is tested against."""

    Kind = SourceKind

    url = SourceURLField(
        "URL",
        max_length=2048,
        unique=True,
        help_text="Stored normalised: tracking parameters and the #fragment are dropped.",
    )
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind"], name="source_kind_idx"),
            models.Index(fields=["publisher"], name="source_publisher_idx"),
            models.Index(fields=["-created_at"], name="source_created_idx"),
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


class Capture(models.Model):
    """One attempt to archive a source; the row, not a queue message, is the truth."""

    Status = CaptureStatus

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
            models.Index(fields=["status", "next_attempt_at"], name="capture_status_due_idx"),
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
