import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.models import Capture
from sources.services import capture_request, capture_run, source_create


class Command(BaseCommand):
    help = (
        "Archive web pages: create a source for each URL (or reuse it), capture it, wait for "
        "the captures and print what happened to each."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("urls", nargs="*", metavar="URL")
        parser.add_argument("--file", type=Path, help="a file of URLs, one a line; # comments")
        parser.add_argument(
            "--sync", action="store_true", help="capture in this process, without a broker"
        )
        parser.add_argument(
            "--no-wait", action="store_true", help="queue the captures and return at once"
        )
        parser.add_argument(
            "--timeout", type=float, default=600, help="seconds to wait for the workers"
        )

    def handle(self, *args, urls, file, sync, no_wait, timeout, **options) -> None:
        wanted = list(urls)
        if file:
            lines = file.read_text(encoding="utf-8").splitlines()
            wanted += [line.strip() for line in lines if line.strip() and line[0] != "#"]
        if not wanted:
            raise CommandError("Give at least one URL, or --file with URLs in it.")

        rows: list[tuple[str, Capture | None, str]] = []
        for url in wanted:
            try:
                source, _ = source_create(url=url, send=not sync)
            except ValidationError as error:
                rows.append((url, None, error.messages[0]))
                continue
            capture = capture_request(source=source, send=not sync)
            rows.append((source.url, capture, ""))

        captures = [capture for _, capture, _ in rows if capture]
        if sync:
            for capture in tqdm(captures, desc="Capturing", unit="page", disable=None):
                capture_run(capture_id=capture.pk)
        elif not no_wait:
            self._wait([c.pk for c in captures], timeout)

        finished = {c.pk: c for c in Capture.objects.filter(pk__in=[c.pk for c in captures])}
        self._table([(url, finished.get(c.pk) if c else None, note) for url, c, note in rows])
        failures = sum(
            1 for _, c, _ in rows if c is None or finished[c.pk].status != Capture.Status.SUCCEEDED
        )
        if failures and not no_wait:
            raise CommandError(f"{failures} of {len(rows)} URLs were not archived.")

    def _wait(self, ids: list[int], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with tqdm(total=len(ids), desc="Capturing", unit="page", disable=None) as bar:
            while True:
                done = (
                    Capture.objects.filter(pk__in=ids)
                    .exclude(status__in=Capture.ACTIVE_STATUSES)
                    .count()
                )
                bar.update(done - bar.n)
                if done == len(ids) or time.monotonic() > deadline:
                    return
                time.sleep(0.1)

    def _table(self, rows: list[tuple[str, Capture | None, str]]) -> None:
        lines = [("status", "HTTP", "bytes", "URL", "reason")]
        for url, capture, note in rows:
            if capture is None:
                lines.append(("refused", "", "", url, note))
                continue
            reason = capture.error_message or capture.title
            lines.append(
                (
                    capture.status,
                    str(capture.http_status or ""),
                    str(capture.size_bytes or ""),
                    url,
                    reason,
                )
            )
        w = [max(len(line[i]) for line in lines) for i in range(4)]
        for status, http, size, url, reason in lines:
            self.stdout.write(
                f"{status:<{w[0]}}  {http:>{w[1]}}  {size:>{w[2]}}  {url:<{w[3]}}  {reason}"
            )
