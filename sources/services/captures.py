"""A capture's life: queued (at most one per source), sent to a worker once committed,
claimed by the worker, fetched, and finished as succeeded (WARC, text, what changed),
failed, blocked or queued again with backoff."""

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from celery import signature
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from ..extract import extract
from ..fetch import FetchError, FetchResult, fetch
from ..models import Capture, Source
from ..signals import announce, capture_finished
from ..warc import Revisit, StoredWarc, store_warc, warc_name
from .health import source_update_from_captures

logger = logging.getLogger(__name__)

Status = Capture.Status
# The capture task's registered name, which queued messages carry; sources.tasks registers
# it under this name, and services send it by the name, so neither imports the other.
CAPTURE_TASK = "sources.tasks.capture_source"


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


def capture_request_many(*, sources: Sequence[Source], send: bool = True) -> dict[int, Capture]:
    """capture_request for many sources, by source id: one query finds the captures already
    queued or running, one insert queues the rest, and their messages go once committed."""
    by_id = {source.pk: source for source in sources}
    with transaction.atomic():
        captures = {
            capture.source_id: capture
            for capture in Capture.objects.filter(
                source_id__in=by_id, status__in=Capture.ACTIVE_STATUSES
            )
        }
        new = [Capture(source=s) for pk, s in by_id.items() if pk not in captures]
        try:
            with transaction.atomic():
                Capture.objects.bulk_create(new)
        except IntegrityError:
            # Someone queued one of them between our look and our insert.
            return {pk: capture_request(source=s, send=send) for pk, s in by_id.items()}
        if send and new:

            def send_all() -> None:
                for capture in new:
                    capture_send(capture_id=capture.pk)

            transaction.on_commit(send_all)
    return captures | {capture.source_id: capture for capture in new}


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
    capture = _queued(capture_id)
    return capture if capture is not None and _take(capture) else None


def _queued(capture_id: int) -> Capture | None:
    """The capture with what a run needs of it, if it is queued."""
    return (
        Capture.objects.filter(pk=capture_id, status=Status.QUEUED)
        .select_related("source")
        .only("source_id", "status", "attempts", "started_at", "source__url")
        .first()
    )


def _take(capture: Capture) -> bool:
    """Mark capture running as this worker's attempt, if it still stands as it was read.

    One statement and no transaction: of two workers (or a worker and the sweep) that read
    the same queued row, the first update takes it and the other matches no row.
    """
    now = timezone.now()
    taken = Capture.objects.filter(
        pk=capture.pk, status=Status.QUEUED, attempts=capture.attempts
    ).update(status=Status.RUNNING, started_at=now, attempts=capture.attempts + 1)
    if taken:
        capture.status, capture.started_at = Status.RUNNING, now
        capture.attempts += 1
    return bool(taken)


def finish(capture: Capture, **fields) -> bool:
    """Write the outcome if this worker still owns the capture (same attempt, still running)."""
    owned = Capture.objects.filter(
        pk=capture.pk, status=Status.RUNNING, attempts=capture.attempts
    ).update(**fields)
    return bool(owned)


def finish_for_good(capture: Capture, **fields) -> bool:
    """`finish` with a final outcome, and the source's health and archived copy updated in
    the same transaction: nobody sees the capture finished and its source not yet told."""
    with transaction.atomic():
        owned = finish(capture, **fields)
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
            if finish(
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
    finish_for_good(
        capture,
        status=Status.BLOCKED if error.blocked else Status.FAILED,
        error_message=message,
        finished_at=now,
        **common,
    )


@dataclass(frozen=True)
class _Previous:
    """What a capture needs of its source's last good capture: whether the payload and the
    text are the same, and where the payload's record is when it is."""

    sha256: str
    text_sha256: str
    revisit: Revisit | None
    original_id: int | None


# The ORM's cost per query is in the columns it builds models of (two ms for two whole
# captures, a tenth of that for these), and a capture asks this once.
_PREVIOUS_FIELDS = ("sha256", "text_sha256", "pk", "final_url", "warc_record_id", "warc_date")
_PREVIOUS = (*_PREVIOUS_FIELDS, *(f"revisit_of__{f}" for f in _PREVIOUS_FIELDS[2:]))


def _previous(capture: Capture) -> _Previous | None:
    row = (
        Capture.objects.filter(source_id=capture.source_id, status=Status.SUCCEEDED)
        .exclude(pk=capture.pk)
        .order_by("-finished_at", "-pk")
        .values_list(*_PREVIOUS)
        .first()
    )
    if row is None:
        return None
    sha256, text_sha256, *own = row[:6]
    # The record holding the payload: the one an earlier revisit pointed at, else its own.
    pk, uri, record_id, date = row[6:] if row[6] is not None else own
    if not record_id or date is None:
        return _Previous(sha256, text_sha256, None, None)  # written before revisits were
    return _Previous(sha256, text_sha256, Revisit(uri, date, record_id), pk)


def _succeeded(capture: Capture, result: FetchResult) -> None:
    previous = _previous(capture)
    revisit = previous.revisit if previous and previous.sha256 == result.sha256 else None
    stored = store_warc(
        result,
        name=warc_name(
            source_id=capture.source_id, capture_id=capture.pk, attempt=capture.attempts
        ),
        revisit=revisit,
    )
    try:
        owned = _record_success(capture, result, stored=stored, previous=previous, revisit=revisit)
    except BaseException:
        # Whatever failed, the row's write did not commit (it is the last step), so no
        # capture points at this file; left behind it would be an orphan nobody can find.
        default_storage.delete(stored.name)
        raise
    if not owned:
        # The sweep gave this capture to another worker while we were slow; theirs counts.
        default_storage.delete(stored.name)


def _record_success(
    capture: Capture,
    result: FetchResult,
    *,
    stored: StoredWarc,
    previous: _Previous | None,
    revisit: Revisit | None,
) -> bool:
    content_encoding = next(
        (v for k, v in result.response_headers if k.lower() == "content-encoding"), ""
    )
    extracted = extract(
        result.body_path, content_type=result.content_type, content_encoding=content_encoding
    )
    return finish_for_good(
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
        revisit_of_id=previous.original_id if revisit else None,
        fixity=Capture.Fixity.UNCHECKED,
        title=extracted.title,
        text=extracted.text,
        text_sha256=extracted.sha256,
        changed=None if previous is None else previous.text_sha256 != extracted.sha256,
    )


def _crashed(capture: Capture, error: Exception) -> None:
    """Fail the capture for a fault of the archiver's own, not of the page: without this
    it would stay running until the sweep, retried into a misleading worker_lost."""
    logger.exception("Capture %s of %s failed unexpectedly", capture.pk, capture.source.url)
    finish_for_good(
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
    # Claimed with only the fields a run needs; read as it now stands, but for its text
    # (tens of KB a page, and none of the listeners reads it from here).
    capture = Capture.objects.defer("text").get(pk=capture.pk)
    if capture.status not in Capture.ACTIVE_STATUSES:
        announce(capture_finished, Capture, f"capture {capture.pk} finished", capture=capture)
    return capture
