"""Writing a fetched page as a gzip WARC 1.1 file and storing it through Django's storage."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .fetch import FetchResult

SOFTWARE = "Claimtrail (warcio)"
# The payload is stored with transfer chunking removed, so the header that announced it
# would make readers try to de-chunk it again.
_DROPPED_RESPONSE_HEADERS = {"transfer-encoding"}


class _MovableFile(File):
    """A finished local file that FileSystemStorage moves into place with one rename."""

    def temporary_file_path(self) -> str:
        return self.file.name


def warc_name(*, source_id: int, capture_id: int, attempt: int) -> str:
    # One name per attempt: two workers that both believe they own a capture never write
    # the same file, and the loser deletes its own.
    return f"warc/{source_id}/capture-{capture_id}-{attempt}.warc.gz"


def write_warc(result: FetchResult, out, *, filename: str) -> None:
    """Write warcinfo, request and response records for result to the binary stream out."""
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    writer.write_record(
        writer.create_warcinfo_record(
            filename, {"software": SOFTWARE, "format": "WARC File Format 1.1"}
        )
    )
    target = urlsplit(result.final_url)
    path = (target.path or "/") + (f"?{target.query}" if target.query else "")
    request_line = f"GET {path} HTTP/1.1"  # httpx speaks HTTP/1.1 whatever the server answers
    response_headers = [
        (name, value)
        for name, value in result.response_headers
        if name.lower() not in _DROPPED_RESPONSE_HEADERS
    ]
    common = {"WARC-IP-Address": result.ip_address}
    with open(result.body_path, "rb") as payload:
        response = writer.create_warc_record(
            result.final_url,
            "response",
            payload=payload,
            length=result.size,
            warc_headers_dict=common,
            http_headers=StatusAndHeaders(
                f"{result.status} {result.reason}".strip(),
                response_headers,
                protocol=result.http_version,
            ),
        )
        request = writer.create_warc_record(
            result.final_url,
            "request",
            warc_headers_dict={
                **common,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
            http_headers=StatusAndHeaders(
                request_line, list(result.request_headers), is_http_request=True
            ),
        )
        writer.write_record(request)
        writer.write_record(response)


def store_warc(result: FetchResult, *, name: str) -> str:
    """Write the WARC to a temporary file, then hand the finished file to storage.

    A reader never sees a half-written WARC: the file is complete before storage gets it,
    and FileSystemStorage moves it into place with a rename. Returns the stored name.
    """
    scratch = Path(settings.MEDIA_ROOT) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=scratch, suffix=".warc.gz", delete=False) as out:
        try:
            write_warc(result, out, filename=os.path.basename(name))
        except BaseException:
            os.unlink(out.name)
            raise
    try:
        with open(out.name, "rb") as finished:
            return default_storage.save(name, _MovableFile(finished, name=name))
    finally:
        if os.path.exists(out.name):
            os.unlink(out.name)
