"""Writes with rules for sources and captures. The Capture row is the truth: a task message
only wakes a worker, and a sweep re-sends whatever a lost message or a dead worker left."""

import functools
import logging
import math
import random
from datetime import timedelta

from celery import signature
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Subquery
from django.dispatch import Signal
from django.utils import timezone
from kombu.exceptions import OperationalError

from ..extract import extract
from ..fetch import FetchError, FetchResult, fetch
from ..health import health_after
from ..models import Capture, Source
from ..signals import capture_finished, change_accepted
from ..urlnorm import normalize_url
from ..warc import Revisit, StoredWarc, store_warc, stream_sha256, warc_name

logger = logging.getLogger(__name__)

Status = Capture.Status
# The capture task's registered name, which queued messages carry; sources.tasks registers
# it under this name, and services send it by the name, so neither imports the other.
CAPTURE_TASK = "sources.tasks.capture_source"


def source_create(*, url: str, by=None, send: bool = True, **fields) -> tuple[Source, bool]:
    """The source for url, created with fields if new; a new source is queued for capture."""
    with transaction.atomic():
        source, created = Source.objects.get_or_create(
            url=normalize_url(url), defaults={**fields, "created_by": by}
        )
        if created:
            capture_request(source=source, send=send)
    return source, created


def capture_request(*, source: Source, send: bool = True) -> Capture:
    """Queue a capture of source and, unless told not to, wake a worker once committed.

    A source has at most one capture queued or running; asking again returns that one.
    """
    with transaction.atomic():
        active = source.captures.filter(status__in=Capture.ACTIVE_STATUSES).first()
        if active:
            return active
        try:
            with transaction.atomic():
                capture = Capture.objects.create(source=source)
        except IntegrityError:
            # Someone queued one between our look and our insert.
            return source.captures.get(status__in=Capture.ACTIVE_STATUSES)
        if send:
            transaction.on_commit(lambda: capture_send(capture_id=capture.pk))
    return capture


def capture_send(*, capture_id: int, countdown: float | None = None) -> None:
    """Send the task for a queued capture; a broker that is down costs a delay, not the job."""
    try:
        signature(CAPTURE_TASK).apply_async((capture_id,), countdown=countdown)
    except OperationalError:
        logger.warning(
            "Capture %s is queued, but the broker could not be reached; the sweep will send it.",
            capture_id,
        )


def _claim(capture_id: int) -> Capture | None:
    """Mark a queued capture running for this worker, or None if it is not ours to run."""
    with transaction.atomic():
        capture = (
            Capture.objects.select_for_update(skip_locked=True)
            .select_related("source")
            .filter(pk=capture_id, status=Status.QUEUED)
            .first()
        )
        if capture is None:
            return None
        capture.status = Status.RUNNING
        capture.started_at = timezone.now()
        capture.attempts += 1
        capture.save(update_fields=["status", "started_at", "attempts"])
    return capture


def _finish(capture: Capture, **fields) -> bool:
    """Write the outcome if this worker still owns the capture (same attempt, still running)."""
    owned = Capture.objects.filter(
        pk=capture.pk, status=Status.RUNNING, attempts=capture.attempts
    ).update(**fields)
    return bool(owned)


def _finish_for_good(capture: Capture, **fields) -> bool:
    """`_finish` with a final outcome, and the source's health and archived copy updated in
    the same transaction: nobody sees the capture finished and its source not yet told."""
    with transaction.atomic():
        owned = _finish(capture, **fields)
        if owned:
            source_update_from_captures(source_id=capture.source_id)
    return owned


def retry_delay(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter, at least what the server asked for, within the cap."""
    ceiling = min(settings.ARCHIVE_RETRY_MAX, settings.ARCHIVE_RETRY_BASE * 2 ** (attempt - 1))
    delay = ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not a secret
    if retry_after:
        delay = max(delay, retry_after)
    return min(delay, settings.ARCHIVE_RETRY_MAX)


def _failed(capture: Capture, error: FetchError) -> None:
    now = timezone.now()
    common = {
        "error_code": error.code,
        "http_status": error.http_status,
        "redirect_chain": [hop.__dict__ for hop in error.redirects],
    }
    if error.transient and capture.attempts < settings.ARCHIVE_MAX_ATTEMPTS:
        delay = retry_delay(capture.attempts, error.retry_after)
        with transaction.atomic():
            if _finish(
                capture,
                status=Status.QUEUED,
                next_attempt_at=now + timedelta(seconds=delay),
                error_message=(
                    f"{error.message} Attempt {capture.attempts} of "
                    f"{settings.ARCHIVE_MAX_ATTEMPTS}; trying again in {delay:.0f} s."
                ),
                **common,
            ):
                transaction.on_commit(lambda: capture_send(capture_id=capture.pk, countdown=delay))
        return
    message = error.message
    if error.transient:
        message = f"{message} Gave up after {capture.attempts} attempts."
    _finish_for_good(
        capture,
        status=Status.BLOCKED if error.blocked else Status.FAILED,
        error_message=message,
        finished_at=now,
        **common,
    )


def source_update_from_captures(*, source_id: int) -> None:
    """Record what the source's captures now say: its health and its latest good copy.

    The source's row is locked first, so a capture finishing while a researcher accepts a
    change waits for the acceptance (or the acceptance for it) and compares with the
    baseline then current: neither write is lost.
    """
    with transaction.atomic():
        accepted_id = (
            Source.objects.select_for_update()
            .filter(pk=source_id)
            .values_list("accepted_capture_id", flat=True)
            .first()
        )
        latest_good = (
            Capture.objects.filter(source_id=source_id, status=Status.SUCCEEDED)
            .order_by("-finished_at", "-pk")
            .values("pk")[:1]
        )
        Source.objects.filter(pk=source_id).update(
            health=health_after(source_id, accepted_id=accepted_id),
            health_checked_at=timezone.now(),
            archived_copy=Subquery(latest_good),
        )


class ChangeNotAccepted(ValidationError):
    """Accepting a source's change was refused; the message says why and what to do instead.

    A ValidationError, as claims' WorkflowError is, so forms can show it as it is; `field`
    names the form field it is about, where there is one.
    """

    code = "change_not_accepted"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code=self.code)
        self.field = field

    def __str__(self) -> str:
        return self.message


def source_accept_change(*, source: Source, by, note: str, seen_capture_id: int) -> Source:
    """Accept a changed source's latest good capture as the baseline its health compares
    with, recording who did and why; its health is then recomputed (ok, until the text
    changes again).

    seen_capture_id is the latest good capture as the person saw it: when a newer one has
    finished since, they have not reviewed it, and the acceptance is refused.
    """
    note = note.strip()
    if not note:
        raise ChangeNotAccepted(
            "Write a note: what changed, and why it does not matter to the claims resting "
            "on this source.",
            field="note",
        )
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        if locked.health != Source.Health.CHANGED:
            raise ChangeNotAccepted(
                f"“{locked}” is not marked changed (its link health is "
                f"{locked.get_health_display().lower()}), so there is no change to accept."
            )
        # archived_copy is the latest good capture, kept with health under the same lock.
        if locked.archived_copy_id != seen_capture_id:
            raise ChangeNotAccepted(
                "A newer copy of this source was captured after the one you reviewed; look "
                "at its difference and accept it again."
            )
        locked.accepted_capture_id = locked.archived_copy_id
        locked.change_accepted_by = by
        locked.change_accepted_at = timezone.now()
        locked.change_note = note
        locked.save(
            update_fields=[
                "accepted_capture",
                "change_accepted_by",
                "change_accepted_at",
                "change_note",
                "updated_at",
            ]
        )
        source_update_from_captures(source_id=locked.pk)
        transaction.on_commit(
            lambda: _announce(
                change_accepted,
                Source,
                f"a change to source {locked.pk} was accepted",
                source=locked,
            )
        )
    locked.refresh_from_db()
    return locked


def _announce(signal: Signal, sender: type, event: str, **kwargs) -> None:
    """Send signal to the apps that listen; a receiver that fails is logged, not raised, since
    what the signal announces has already happened."""
    for receiver, outcome in signal.send_robust(sender=sender, **kwargs):
        if isinstance(outcome, Exception):
            logger.error("After %s, %r failed", event, receiver, exc_info=outcome)


def _revisit_for(capture: Capture, result: FetchResult) -> tuple[Capture | None, Revisit | None]:
    """The capture holding this payload already, when the last good capture had the same."""
    previous = (
        Capture.objects.filter(source_id=capture.source_id, status=Status.SUCCEEDED)
        .exclude(pk=capture.pk)
        .select_related("revisit_of")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if previous is None or previous.sha256 != result.sha256:
        return None, None
    original = previous.revisit_of or previous
    if not original.warc_record_id or original.warc_date is None:
        return None, None  # written before revisits were; keep the body
    return original, Revisit(
        target_uri=original.final_url, date=original.warc_date, record_id=original.warc_record_id
    )


def _succeeded(capture: Capture, result: FetchResult) -> None:
    original, revisit = _revisit_for(capture, result)
    stored = store_warc(
        result,
        name=warc_name(
            source_id=capture.source_id, capture_id=capture.pk, attempt=capture.attempts
        ),
        revisit=revisit,
    )
    try:
        owned = _record_success(capture, result, stored=stored, original=original)
    except BaseException:
        # Whatever failed, the row's write did not commit (it is the last step), so no
        # capture points at this file; left behind it would be an orphan nobody can find.
        default_storage.delete(stored.name)
        raise
    if not owned:
        # The sweep gave this capture to another worker while we were slow; theirs counts.
        default_storage.delete(stored.name)


def _record_success(
    capture: Capture, result: FetchResult, *, stored: StoredWarc, original: Capture | None
) -> bool:
    content_encoding = next(
        (v for k, v in result.response_headers if k.lower() == "content-encoding"), ""
    )
    extracted = extract(
        result.body_path, content_type=result.content_type, content_encoding=content_encoding
    )
    previous = (
        Capture.objects.filter(source_id=capture.source_id, status=Status.SUCCEEDED)
        .exclude(pk=capture.pk)
        .order_by("-finished_at")
        .values_list("text_sha256", flat=True)
        .first()
    )
    return _finish_for_good(
        capture,
        status=Status.SUCCEEDED,
        error_code="",
        error_message="",
        finished_at=timezone.now(),
        http_status=result.status,
        final_url=result.final_url,
        ip_address=result.ip_address,
        redirect_chain=[hop.__dict__ for hop in result.redirects],
        content_type=result.content_type[:255],
        size_bytes=result.size,
        sha256=result.sha256,
        warc=stored.name,
        warc_sha256=stored.sha256,
        warc_record_id=stored.record_id,
        warc_date=stored.date,
        revisit_of=original,
        fixity=Capture.Fixity.UNCHECKED,
        title=extracted.title,
        text=extracted.text,
        text_sha256=extracted.sha256,
        changed=None if previous is None else previous != extracted.sha256,
    )


def _crashed(capture: Capture, error: Exception) -> None:
    """Fail the capture for a fault of the archiver's own, not of the page: without this
    it would stay running until the sweep, retried into a misleading worker_lost."""
    logger.exception("Capture %s of %s failed unexpectedly", capture.pk, capture.source.url)
    _finish_for_good(
        capture,
        status=Status.FAILED,
        error_code=Capture.ErrorCode.INTERNAL,
        error_message=(
            f"The archiver failed while archiving this page ({type(error).__name__}), a fault "
            f"on our side, not the page's; it is in the logs as capture {capture.pk}. Try "
            "again with the Re-capture action, and tell the developers if it fails again."
        ),
        http_status=None,
        redirect_chain=[],
        finished_at=timezone.now(),
    )


def capture_run(*, capture_id: int) -> Capture | None:
    """Run one attempt of a queued capture; None when it is not queued (done, or taken)."""
    capture = _claim(capture_id)
    if capture is None:
        logger.info("Capture %s is not queued; nothing to do.", capture_id)
        return None
    try:
        try:
            result = fetch(capture.source.url)
        except FetchError as error:
            _failed(capture, error)
        else:
            with result:
                _succeeded(capture, result)
    except Exception as error:  # any fault at all must still finish the capture
        _crashed(capture, error)
    capture.refresh_from_db()
    if capture.status not in Capture.ACTIVE_STATUSES:
        _announce(capture_finished, Capture, f"capture {capture.pk} finished", capture=capture)
    return capture


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
            abandoned = _finish_for_good(
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
                _announce(
                    capture_finished, Capture, f"capture {capture.pk} gave up", capture=capture
                )
        elif _finish(capture, status=Status.QUEUED, next_attempt_at=now):
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
    for source in due:
        capture_request(source=source)
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
