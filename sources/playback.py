"""Reading an archived payload back out of its WARC, as a stream.

A capture's WARC holds one response record, or a revisit record whose payload is the one in
an earlier capture's WARC. Playback finds the record, keeps the headers the page was served
with, and yields the body in blocks straight from storage: a 50 MB PDF costs a block of
memory, not 50 MB. A WARC that is missing or unreadable raises Unavailable before any byte
is sent, and flags the capture for the fixity check.
"""

import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import default_storage
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders

from .models import Capture

logger = logging.getLogger(__name__)

BLOCK = 64 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
_READ_ERRORS = (OSError, EOFError, ArchiveLoadFailed, zlib.error, ValueError)


class Unavailable(Exception):
    """The archived copy cannot be read; the capture is flagged for a fixity check."""


@dataclass
class Playback:
    http_headers: StatusAndHeaders
    body: Iterator[bytes]

    @property
    def content_type(self) -> str:
        return self.http_headers.get_header("Content-Type") or "application/octet-stream"

    @property
    def is_html(self) -> bool:
        return self.content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def flag_for_fixity(capture: Capture, reason: str) -> None:
    logger.warning("Archived copy of capture %s unavailable: %s", capture.pk, reason)
    Capture.objects.filter(pk=capture.pk).exclude(
        fixity__in=[Capture.Fixity.MISSING, Capture.Fixity.MISMATCH]
    ).update(fixity=Capture.Fixity.FLAGGED)


def _open_record(name: str, types: tuple[str, ...]):
    """The open WARC stream, positioned in the first record of one of types, and the record."""
    stream = default_storage.open(name, "rb")
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type in types:
                return stream, record
    except BaseException:
        stream.close()
        raise
    stream.close()
    raise Unavailable(f"{name} has no {' or '.join(types)} record")


def _blocks(capture: Capture, stream, record) -> Iterator[bytes]:
    # Runs as the response is sent; the finally closes the file however the client leaves.
    try:
        content = record.content_stream()
        while block := content.read(BLOCK):
            yield block
    except _READ_ERRORS as exc:
        flag_for_fixity(capture, f"read failed mid-stream: {exc}")
    finally:
        stream.close()


def open_playback(capture: Capture) -> Playback:
    """The headers and a stream of the body of capture's archived response."""
    if not capture.warc:
        raise Unavailable("This capture has no WARC file.")
    try:
        stream, record = _open_record(capture.warc.name, ("response", "revisit"))
        headers = record.http_headers
        if record.rec_type == "revisit":
            stream.close()
            original = capture.revisit_of
            if original is None or not original.warc:
                raise Unavailable("This revisit does not say which capture holds its payload.")
            # The visit's own headers (status, type, date) with the original's body.
            stream, record = _open_record(original.warc.name, ("response",))
    except Unavailable as exc:
        flag_for_fixity(capture, str(exc))
        raise
    except _READ_ERRORS as exc:
        flag_for_fixity(capture, repr(exc))
        raise Unavailable(str(exc) or exc.__class__.__name__) from exc
    if headers is None:
        stream.close()
        flag_for_fixity(capture, "no HTTP headers")
        raise Unavailable("The archived response has no HTTP headers.")
    return Playback(http_headers=headers, body=_blocks(capture, stream, record))
