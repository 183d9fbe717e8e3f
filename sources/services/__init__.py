"""Writes with rules for sources and captures: the package's names, re-exported."""

from .captures import (
    CAPTURE_TASK,
    ChangeNotAccepted,
    capture_fixity_check,
    capture_request,
    capture_run,
    capture_send,
    capture_sweep,
    fixity_sweep,
    recheck_due_sources,
    retry_delay,
    source_accept_change,
    source_create,
    source_update_from_captures,
)

__all__ = [
    "CAPTURE_TASK",
    "ChangeNotAccepted",
    "capture_fixity_check",
    "capture_request",
    "capture_run",
    "capture_send",
    "capture_sweep",
    "fixity_sweep",
    "recheck_due_sources",
    "retry_delay",
    "source_accept_change",
    "source_create",
    "source_update_from_captures",
]
