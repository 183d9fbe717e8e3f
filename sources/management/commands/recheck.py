"""`manage.py recheck`: capture sources again now (those due, those named, or all) and print
each outcome with the link health that follows."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sources.management.capturing import add_capture_arguments, finish_captures, write_table
from sources.models import Capture, Source
from sources.services import capture_request_many
from sources.urlnorm import normalize_url

ALREADY_QUEUED = "already queued"
NOT_FOUND = "not found"
WOULD_RECAPTURE = "would recapture"


@dataclass
class Row:
    """One source asked for, and what became of it: a capture status or one of the above."""

    asked: str
    source: Source | None = None
    capture: Capture | None = None
    outcome: str = ""
    reason: str = ""


class Command(BaseCommand):
    help = (
        "Capture sources again now: those due for their recheck (all of them, not the hourly "
        "share the scheduler queues), the ones named, or --all; print each outcome and the "
        "link health that follows."
    )
    # The system checks are the web's (URLconf, admin, API): loading them for a batch of
    # captures costs 0.3-0.5 s before the first is queued. migrate and the web run them.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "sources", nargs="*", metavar="URL_OR_ID", help="sources to recheck, due or not"
        )
        parser.add_argument(
            "--all", action="store_true", dest="everything", help="recheck every source"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be recaptured; change nothing"
        )
        add_capture_arguments(parser)

    def handle(
        self, *args, sources, everything, dry_run, sync, no_wait, timeout, **options
    ) -> None:
        if sources and everything:
            raise CommandError("Name sources or give --all, not both.")
        if sources:
            rows = self._named(sources)
        else:
            chosen = (
                Source.objects.order_by("pk") if everything else Source.objects.due_for_recheck()
            )
            rows = [Row(asked=source.url, source=source) for source in chosen]
        if not rows:
            self.stdout.write("No source is due for a recheck.")
            return

        found = [row for row in rows if row.source]
        active = {
            capture.source_id: capture
            for capture in Capture.objects.filter(
                source__in=[row.source for row in found], status__in=Capture.ACTIVE_STATUSES
            )
        }
        mine: list[Row] = []
        for row in found:
            if row.source.pk in active:
                # Its worker will finish it; a second capture would only race the first.
                capture = active[row.source.pk]
                row.outcome = ALREADY_QUEUED
                row.reason = f"Capture {capture.pk} is {capture.status}; not queued again."
            elif dry_run:
                row.outcome = WOULD_RECAPTURE
            else:
                mine.append(row)
        queued = capture_request_many(sources=[row.source for row in mine], send=not sync)
        for row in mine:
            row.capture = queued[row.source.pk]

        finished = finish_captures(
            [row.capture for row in mine], sync=sync, wait=not no_wait, timeout=timeout
        )
        for row in mine:
            row.capture = finished[row.capture.pk]
            row.outcome = row.capture.status
            row.reason = _reason(row.capture)
        health = Source.objects.in_bulk([row.source.pk for row in found])
        for row in found:
            row.source = health[row.source.pk]

        self._report(rows)
        failures = sum(1 for row in rows if row.source is None)
        if not no_wait:
            failures += sum(1 for row in mine if row.outcome != Capture.Status.SUCCEEDED)
        if failures:
            raise CommandError(f"{failures} of {len(rows)} rechecks failed.")

    def _named(self, asked: list[str]) -> list[Row]:
        """A row per source named by id or URL, each source once; unknown ones say why."""
        rows: list[Row] = []
        seen: set[int] = set()
        for text in asked:
            if text.isdigit():
                source = Source.objects.filter(pk=int(text)).first()
                missing = "No source with this id."
            else:
                try:
                    url = normalize_url(text)
                except ValidationError as error:
                    rows.append(Row(asked=text, outcome=NOT_FOUND, reason=error.messages[0]))
                    continue
                source = Source.objects.filter(url=url).first()
                missing = "No source with this URL; use manage.py archive to add it."
            if source is None:
                rows.append(Row(asked=text, outcome=NOT_FOUND, reason=missing))
            elif source.pk not in seen:
                seen.add(source.pk)
                rows.append(Row(asked=text, source=source))
        return rows

    def _report(self, rows: list[Row]) -> None:
        lines = [
            (
                str(row.source.pk) if row.source else "",
                row.outcome,
                str(row.capture.http_status or "") if row.capture else "",
                row.source.health if row.source else "",
                row.source.url if row.source else row.asked,
                row.reason,
            )
            for row in rows
        ]
        header = ("source", "outcome", "HTTP", "health", "URL", "reason")
        write_table(self.stdout, header, lines, right=frozenset({0, 2}))
        outcomes = Counter(row.outcome for row in rows)
        healths = Counter(row.source.health for row in rows if row.source)
        summary = f"{len(rows)} source{'s' if len(rows) != 1 else ''}: " + _counts(outcomes)
        if healths:
            summary += "; link health now: " + _counts(healths)
        self.stdout.write(summary + ".")


def _reason(capture: Capture) -> str:
    if capture.error_code and capture.status != Capture.Status.SUCCEEDED:
        return f"{capture.error_code}: {capture.error_message}"
    return capture.error_message or capture.title


def _counts(counter: Counter) -> str:
    return ", ".join(f"{count} {name}" for name, count in counter.items())
