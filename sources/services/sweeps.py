"""What beat runs: recovering captures a dead worker or a lost message left behind,
queuing the sources due for their recheck, and checking that stored WARCs are unaltered."""

import functools
import logging
import math
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Capture, Source
from ..signals import announce, capture_finished
from ..warc import stream_sha256
from .captures import capture_request_many, capture_send, finish, finish_for_good

logger = logging.getLogger(__name__)

Status = Capture.Status


def capture_sweep() -> dict[str, int]:
    """Recover captures a dead worker or a lost message left behind.

    Running for longer than ARCHIVE_STALE_AFTER means the worker died: queue it again, or
    fail it as worker_lost once it has used its attempts. Still queued that long after it
    was due means its message was lost: send it again (at most once per that period).
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.ARCHIVE_STALE_AFTER)
    counts = {"requeued": 0, "abandoned": 0, "resent": 0}
    dead = Capture.objects.filter(status=Status.RUNNING, started_at__lt=stale)
    for capture in dead.select_related("source"):
        if capture.attempts >= settings.ARCHIVE_MAX_ATTEMPTS:
            abandoned = finish_for_good(
                capture,
                status=Status.FAILED,
                error_code=Capture.ErrorCode.WORKER_LOST,
                error_message=(
                    f"The worker archiving this page stopped before finishing, "
                    f"{capture.attempts} times. Try again with the Re-capture action."
                ),
                finished_at=now,
            )
            if abandoned:
                counts["abandoned"] += 1
                capture.refresh_from_db()
                announce(
                    capture_finished, Capture, f"capture {capture.pk} gave up", capture=capture
                )
        elif finish(capture, status=Status.QUEUED, next_attempt_at=now):
            counts["requeued"] += 1
            # Without a message the requeued capture would wait a whole period for the
            # overdue re-send below.
            transaction.on_commit(functools.partial(capture_send, capture_id=capture.pk))
    overdue = list(
        Capture.objects.filter(status=Status.QUEUED, next_attempt_at__lt=stale).values_list(
            "pk", flat=True
        )
    )
    for capture_id in overdue:
        bumped = Capture.objects.filter(
            pk=capture_id, status=Status.QUEUED, next_attempt_at__lt=stale
        ).update(next_attempt_at=now)
        if bumped:
            capture_send(capture_id=capture_id)
            counts["resent"] += 1
    if any(counts.values()):
        logger.warning("Capture sweep: %s", counts)
    return counts


def recheck_due_sources(*, now=None) -> int:
    """Queue a capture of the sources due for their recheck, a share at a time.

    Beat runs this hourly; each run queues at most twice an hour's share of all sources
    (oldest first), so a week's rechecks trickle in over the week instead of arriving in
    one burst, and a backlog clears at twice the pace it built up.
    """
    hourly_share = Source.objects.count() / max(settings.ARCHIVE_RECHECK_DAYS * 24, 1)
    limit = max(1, math.ceil(hourly_share * 2))
    due = list(Source.objects.due_for_recheck(now=now)[:limit])
    capture_request_many(sources=due)
    if due:
        logger.info("Queued %s recheck(s)", len(due))
    return len(due)


def capture_fixity_check(*, capture: Capture) -> str:
    """Recompute the SHA-256 of capture's stored WARC, record and return the outcome."""
    Fixity = Capture.Fixity
    try:
        with default_storage.open(capture.warc.name, "rb") as stream:
            digest = stream_sha256(stream)
    except FileNotFoundError:
        outcome = Fixity.MISSING
    else:
        if not capture.warc_sha256:
            # Stored before captures kept the hash: this reading becomes the reference.
            Capture.objects.filter(pk=capture.pk, warc_sha256="").update(warc_sha256=digest)
            outcome = Fixity.OK
        else:
            outcome = Fixity.OK if digest == capture.warc_sha256 else Fixity.MISMATCH
    if outcome != Fixity.OK:
        logger.error("Fixity check of capture %s: %s", capture.pk, Fixity(outcome).label)
    Capture.objects.filter(pk=capture.pk).update(fixity=outcome, fixity_checked_at=timezone.now())
    return outcome


def fixity_sweep(*, batch: int | None = None) -> dict[str, int]:
    """Check the stored WARCs most in need of it: flagged ones, then the longest unchecked."""
    batch = batch or settings.ARCHIVE_FIXITY_BATCH
    Fixity = Capture.Fixity
    stored = Capture.objects.filter(status=Status.SUCCEEDED).exclude(warc="")
    flagged = list(stored.filter(fixity=Fixity.FLAGGED).order_by("pk")[:batch])
    rest = (
        stored.exclude(pk__in=[c.pk for c in flagged])
        .exclude(fixity__in=[Fixity.MISSING, Fixity.MISMATCH])
        .order_by(F("fixity_checked_at").asc(nulls_first=True), "pk")
    )
    counts: dict[str, int] = {}
    for capture in [*flagged, *rest[: batch - len(flagged)]]:
        outcome = capture_fixity_check(capture=capture)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
