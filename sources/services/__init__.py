"""Writes with rules for sources and captures. The Capture row is the truth: a task message
only wakes a worker, and a sweep re-sends whatever a lost message or a dead worker left.

One module per family: `sources` (adding a source), `captures` (a capture's life: queued,
sent, claimed, run, finished or retried), `health` (what a source's captures say, and
accepting its change), `sweeps` (what beat runs: recovery, rechecks, fixity) and `files`
(WARC files removed with their rows, and the orphans swept). Every name
callers use is re-exported here.
"""

from .captures import (
    CAPTURE_TASK,
    capture_request,
    capture_request_many,
    capture_run,
    capture_send,
    retry_delay,
)
from .files import OrphanSweep, orphan_sweep
from .health import ChangeNotAccepted, source_accept_change, source_update_from_captures
from .sources import archive_urls, source_create
from .sweeps import capture_fixity_check, capture_sweep, fixity_sweep, recheck_due_sources

__all__ = [
    "CAPTURE_TASK",
    "ChangeNotAccepted",
    "OrphanSweep",
    "archive_urls",
    "capture_fixity_check",
    "capture_request",
    "capture_request_many",
    "capture_run",
    "capture_send",
    "capture_sweep",
    "fixity_sweep",
    "orphan_sweep",
    "recheck_due_sources",
    "retry_delay",
    "source_accept_change",
    "source_create",
    "source_update_from_captures",
]
