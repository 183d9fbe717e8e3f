"""Signals the archive sends, for apps that depend on sources (sources depends on none), and
how it sends them."""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent with capture= (a Capture) once a capture has finished (succeeded, failed or was
# blocked), its row is written and its source's health and archived copy are updated.
capture_finished = Signal()

# Sent with source= (a Source) once a person's acceptance of its change is committed: the
# latest good capture became the baseline its health compares with, and its health was
# recomputed.
change_accepted = Signal()


def announce(signal: Signal, sender: type, event: str, **kwargs) -> None:
    """Send signal to the apps that listen; a receiver that fails is logged, not raised, since
    what the signal announces has already happened."""
    for receiver, outcome in signal.send_robust(sender=sender, **kwargs):
        if isinstance(outcome, Exception):
            logger.error("After %s, %r failed", event, receiver, exc_info=outcome)
