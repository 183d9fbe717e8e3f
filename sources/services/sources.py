"""Adding sources: one per normalised URL, queued for capture when it is new."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from simple_history.signals import post_create_historical_record

from ..models import Capture, Source
from ..urlnorm import normalize_url
from .captures import capture_request, capture_request_many

# URLs archive_urls writes in one transaction: a file of many thousands holds SQLite's
# write lock a batch at a time, and the workers start on the first batch meanwhile.
ARCHIVE_BATCH = 500


def source_create(*, url: str, by=None, send: bool = True, **fields) -> tuple[Source, bool]:
    """The source for url, created with fields if new; a new source is queued for capture."""
    with transaction.atomic():
        source, created = Source.objects.get_or_create(
            url=normalize_url(url), defaults={**fields, "created_by": by}
        )
        if created:
            capture_request(source=source, send=send)
    return source, created


def archive_urls(
    *, urls: Sequence[str], by=None, send: bool = True
) -> dict[str, tuple[Source, Capture]]:
    """Each URL's source, created if new, and a capture of it queued (or the one already
    queued or running), by URL. The URLs are normalised already (normalize_url).

    What source_create and capture_request do for one URL, in five queries a batch of
    ARCHIVE_BATCH URLs instead of six for each: a file of URLs is queued in a fraction of the
    time, and the CPU it no longer takes is the workers' that archive the first of them.
    """
    found: dict[str, tuple[Source, Capture]] = {}
    unique = list(dict.fromkeys(urls))
    for start in range(0, len(unique), ARCHIVE_BATCH):
        batch = unique[start : start + ARCHIVE_BATCH]
        try:
            found |= _archive_batch(batch, by=by, send=send)
        except IntegrityError:
            # Someone added one of these sources between our look and our insert; the
            # batch rolled back whole, and goes one URL at a time.
            for url in batch:
                source, _ = source_create(url=url, by=by, send=send)
                found[url] = (source, capture_request(source=source, send=send))
    return found


def _archive_batch(urls: list[str], *, by, send: bool) -> dict[str, tuple[Source, Capture]]:
    with transaction.atomic():
        sources = Source.objects.in_bulk(urls, field_name="url")
        # The URLs passed normalize_url, which refuses bidi controls, and every other field
        # takes its default: bulk_create skips no check a save would have made.
        new = Source.objects.bulk_create(
            [Source(url=url, created_by=by) for url in urls if url not in sources]
        )
        if new:
            # bulk_create sends no signals: write the history rows a save would, and tell
            # their receivers (the log) as a save does.
            rows = Source.history.bulk_history_create(new, default_user=by)
            for source, row in zip(new, rows, strict=True):
                post_create_historical_record.send(
                    sender=Source,
                    instance=source,
                    history_instance=row,
                    history_date=row.history_date,
                    history_user=by,
                    history_change_reason=None,
                    using=None,
                )
            sources |= {source.url: source for source in new}
        captures = capture_request_many(sources=list(sources.values()), send=send)
    return {url: (sources[url], captures[sources[url].pk]) for url in urls}
