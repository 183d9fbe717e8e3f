"""Import ClaimReview JSON-LD from a file or a web address, and say what became of each review."""

import json
import zlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.claimreview import (
    DocumentNotClaimReview,
    ImportRefused,
    ImportReport,
    claimreview_import,
)
from claims.services import WorkflowError
from sources.fetch import FetchError, fetch

# A feed larger than this once inflated is more than one import should take on.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview JSON-LD (one review, a list, or a DataFeed) from a file "
        "or an http(s) URL as published claims: all of them, or none when any review is refused "
        "(then it says which and why, and exits non-zero)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", metavar="FILE_OR_URL")
        parser.add_argument(
            "--by",
            required=True,
            metavar="USERNAME",
            help="Who the import is recorded as: a reviewer who may log claims and override "
            "the four-eyes rule, such as an editor.",
        )

    def handle(self, *args, source: str, by: str, **options) -> None:
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user called {by!r}.")
        document = self._read(source)
        try:
            report = claimreview_import(document=document, by=user, origin=source)
        except (DocumentNotClaimReview, WorkflowError) as error:
            raise CommandError(" ".join(error.messages)) from error
        except ImportRefused as refused:
            for entry in refused.refused:
                self.stderr.write(f"refused  {entry.at} ({entry.code}): {entry.reason}")
            raise CommandError(refused.message) from None
        self._print(report)

    def _read(self, source: str) -> object:
        if source.startswith(("http://", "https://")):
            try:
                with fetch(source) as result:
                    encoding = next(
                        (v for k, v in result.response_headers if k.lower() == "content-encoding"),
                        "",
                    )
                    raw = _inflated(result.body_path.read_bytes(), encoding, source)
            except FetchError as error:
                raise CommandError(f"Could not fetch {source}: {error.message}") from error
        else:
            try:
                raw = Path(source).read_bytes()
            except OSError as error:
                raise CommandError(f"Could not read {source}: {error.strerror}.") from error
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{source} is not JSON: {error}.") from error

    def _print(self, report: ImportReport) -> None:
        for entry in report.created:
            self.stdout.write(
                f"created  {entry.where}: claim {entry.claim}, {entry.claim_reviewed[:70]!r}"
            )
        for entry in report.attached:
            self.stdout.write(f"attached {entry.where}: {entry.reason}")
        for entry in report.skipped:
            self.stdout.write(f"skipped  {entry.where}: {entry.reason}")
        # Attached reviews are counted when there are some: most imports have none.
        attached = f"{len(report.attached)} attached, " if report.attached else ""
        self.stdout.write(
            f"{len(report.created)} created, {attached}{len(report.skipped)} skipped."
        )


def _inflated(raw: bytes, content_encoding: str, source: str) -> bytes:
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise CommandError(f"{source} came in an encoding we cannot read ({encoding}).")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS)
    try:
        body = inflater.decompress(raw, MAX_DOCUMENT_BYTES + 1)
    except zlib.error as error:
        raise CommandError(f"{source} came compressed but would not inflate: {error}.") from error
    if len(body) > MAX_DOCUMENT_BYTES:
        raise CommandError(f"{source} is larger than {MAX_DOCUMENT_BYTES} bytes once inflated.")
    return body
