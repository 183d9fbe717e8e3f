"""Signals the archive sends, for apps that depend on sources (sources depends on none)."""

from django.dispatch import Signal

# Sent with capture= (a Capture) once a capture has finished (succeeded, failed or was
# blocked), its row is written and its source's health and archived copy are updated.
capture_finished = Signal()

# Sent with source= (a Source) once a person's acceptance of its change is committed: the
# latest good capture became the baseline its health compares with, and its health was
# recomputed.
change_accepted = Signal()
