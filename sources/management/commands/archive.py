"""`manage.py archive URL…`: archive pages from the shell and print what became of each."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sources.management.capturing import add_capture_arguments, finish_captures, write_table
from sources.models import Capture
from sources.services import archive_urls
from sources.urlnorm import normalize_url


class Command(BaseCommand):
    help = (
        "Archive web pages: create a source for each URL (or reuse it), capture it, wait for "
        "the captures and print what happened to each."
    )
    # The system checks are the web's (URLconf, admin, API): loading them for a batch of
    # captures costs 0.3-0.5 s before the first is queued. migrate and the web run them.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("urls", nargs="*", metavar="URL")
        parser.add_argument("--file", type=Path, help="a file of URLs, one a line; # comments")
        add_capture_arguments(parser)

    def handle(self, *args, urls, file, sync, no_wait, timeout, **options) -> None:
        wanted = list(urls)
        if file:
            lines = file.read_text(encoding="utf-8").splitlines()
            wanted += [line.strip() for line in lines if line.strip() and line[0] != "#"]
        if not wanted:
            raise CommandError("Give at least one URL, or --file with URLs in it.")

        normalized: dict[str, str] = {}
        refused: dict[str, str] = {}
        for url in wanted:
            try:
                normalized[url] = normalize_url(url)
            except ValidationError as error:
                refused[url] = error.messages[0]
        queued = archive_urls(urls=list(normalized.values()), send=not sync)
        rows: list[tuple[str, Capture | None, str]] = []
        for url in wanted:
            if url in refused:
                rows.append((url, None, refused[url]))
            else:
                source, capture = queued[normalized[url]]
                rows.append((source.url, capture, ""))

        finished = finish_captures(
            [capture for _, capture, _ in rows if capture],
            sync=sync,
            wait=not no_wait,
            timeout=timeout,
        )
        self._table([(url, finished.get(c.pk) if c else None, note) for url, c, note in rows])
        refused = sum(1 for _, c, _ in rows if c is None)
        # Without waiting, only the refusals are known failures; the rest are still queued.
        unfinished = (
            0
            if no_wait
            else sum(
                1 for _, c, _ in rows if c and finished[c.pk].status != Capture.Status.SUCCEEDED
            )
        )
        if refused + unfinished:
            raise CommandError(f"{refused + unfinished} of {len(rows)} URLs were not archived.")

    def _table(self, rows: list[tuple[str, Capture | None, str]]) -> None:
        lines = []
        for url, capture, note in rows:
            if capture is None:
                lines.append(("refused", "", "", url, note))
                continue
            lines.append(
                (
                    capture.status,
                    str(capture.http_status or ""),
                    str(capture.size_bytes or ""),
                    url,
                    capture.error_message or capture.title,
                )
            )
        header = ("status", "HTTP", "bytes", "URL", "reason")
        write_table(self.stdout, header, lines, right=frozenset({1, 2}))
