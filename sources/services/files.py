"""The archive's files on disk: a WARC goes when the row naming it is deleted (once that
deletion commits), and a sweep removes the WARCs no row names, which a worker killed between
storing a file and writing its row leaves behind."""

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction

from ..models import Capture

logger = logging.getLogger(__name__)

# Where store_warc writes (warc_name) and the field's own upload_to, and the scratch folder it
# writes a WARC in before handing it to storage.
WARC_FOLDER = "warc"
SCRATCH_FOLDER = "tmp"


def capture_deleted(sender, *, instance: Capture, **kwargs) -> None:
    """post_delete of a Capture (alone or with its Source): remove its WARC once the deletion
    commits. Before then a rollback would bring back a row naming a file already gone."""
    name = instance.warc.name
    if name:
        transaction.on_commit(lambda: _delete(name), robust=True)


def _delete(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        # The orphan sweep tries again, since no row names the file any more.
        logger.exception("Could not delete %s after its capture was deleted", name)


@dataclass
class OrphanSweep:
    """What a sweep found: the files it removed (or would have), and those it left because
    they are younger than the grace period."""

    removed: list[str] = field(default_factory=list)
    too_recent: int = 0


def orphan_sweep(*, grace: float | None = None, dry_run: bool = False) -> OrphanSweep:
    """Remove the WARC files that no capture names, and the scratch files a killed worker
    left, once older than `grace` seconds (ARCHIVE_ORPHAN_GRACE).

    The grace period covers a capture in flight: its file is stored before its row is
    written, so a younger file without a row may be about to get one.
    """
    grace = settings.ARCHIVE_ORPHAN_GRACE if grace is None else grace
    root = Path(settings.MEDIA_ROOT)
    cutoff = time.time() - grace
    outcome = OrphanSweep()
    candidates = [
        path
        for folder in (WARC_FOLDER, SCRATCH_FOLDER)
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    ]
    # Read after listing: a file stored and recorded between the two is named here.
    named = set(Capture.objects.exclude(warc="").values_list("warc", flat=True))
    for path in candidates:
        name = path.relative_to(root).as_posix()
        if name in named:
            continue
        try:
            if path.stat().st_mtime > cutoff:
                outcome.too_recent += 1
                continue
            if not dry_run:
                path.unlink()
        except FileNotFoundError:
            continue  # removed meanwhile, by a deletion's commit or another sweep
        outcome.removed.append(name)
    if outcome.removed and not dry_run:
        logger.warning(
            "Removed %s archive file(s) no capture names: %s",
            len(outcome.removed),
            ", ".join(outcome.removed),
        )
    return outcome
