"""Signals the archive sends, for apps that depend on sources (sources depends on none)."""

from django.dispatch import Signal

# Sent with capture= (a Capture) once a capture has succeeded and its row is written.
capture_succeeded = Signal()
