"""Writing a fetched page as a gzip WARC 1.1 file and storing it through Django's storage."""

import base64
import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
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


@dataclass(frozen=True)
class Revisit:
    """The earlier response record holding a payload identical to the one just fetched."""

    target_uri: str
    date: datetime
    record_id: str


@dataclass(frozen=True)
class StoredWarc:
    name: str
    sha256: str
    record_id: str
    date: datetime


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _payload_digest(path: Path) -> str:
    """The payload digest warcio writes for a response (base32 SHA-1), which a revisit
    record must repeat for readers to match it with the original."""
    sha1 = hashlib.sha1()  # noqa: S324 - the WARC convention, not a security check
    with open(path, "rb") as body:
        for block in iter(lambda: body.read(1024 * 1024), b""):
            sha1.update(block)
    return "sha1:" + base64.b32encode(sha1.digest()).decode()


def warc_name(*, source_id: int, capture_id: int, attempt: int) -> str:
    # One name per attempt: two workers that both believe they own a capture never write
    # the same file, and the loser deletes its own.
    return f"warc/{source_id}/capture-{capture_id}-{attempt}.warc.gz"


def write_warc(
    result: FetchResult,
    out,
    *,
    filename: str,
    record_id: str,
    date: datetime,
    revisit: Revisit | None = None,
) -> None:
    """Write warcinfo, request and response records for result to the binary stream out.

    With revisit, the response is a revisit record (identical-payload-digest profile) with
    the headers just received and no body: the payload is the earlier record's.
    """
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
    common = {"WARC-IP-Address": result.ip_address, "WARC-Date": warc_date(date)}
    http_headers = StatusAndHeaders(
        f"{result.status} {result.reason}".strip(), response_headers, protocol=result.http_version
    )
    with open(result.body_path, "rb") as payload:
        if revisit is None:
            response = writer.create_warc_record(
                result.final_url,
                "response",
                payload=payload,
                length=result.size,
                warc_headers_dict={**common, "WARC-Record-ID": record_id},
                http_headers=http_headers,
            )
        else:
            response = writer.create_revisit_record(
                result.final_url,
                _payload_digest(result.body_path),
                revisit.target_uri,
                warc_date(revisit.date),
                http_headers=http_headers,
                warc_headers_dict={
                    **common,
                    "WARC-Record-ID": record_id,
                    "WARC-Refers-To": revisit.record_id,
                },
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


def store_warc(result: FetchResult, *, name: str, revisit: Revisit | None = None) -> StoredWarc:
    """Write the WARC to a temporary file, then hand the finished file to storage.

    A reader never sees a half-written WARC: the file is complete before storage gets it,
    and FileSystemStorage moves it into place with a rename. The file's SHA-256 is taken
    before it leaves our hands, for the fixity check to compare against later.
    """
    record_id = f"<urn:uuid:{uuid.uuid4()}>"
    date = datetime.now(UTC)
    scratch = Path(settings.MEDIA_ROOT) / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=scratch, suffix=".warc.gz", delete=False) as out:
        try:
            write_warc(
                result,
                out,
                filename=os.path.basename(name),
                record_id=record_id,
                date=date,
                revisit=revisit,
            )
            # On disk before the rename: otherwise a power cut can leave the new name (and
            # the row that will point at it) with a truncated file behind it.
            out.flush()
            os.fsync(out.fileno())
        except BaseException:
            os.unlink(out.name)
            raise
    try:
        digest = file_sha256(out.name)
        with open(out.name, "rb") as finished:
            stored = default_storage.save(name, _MovableFile(finished, name=name))
        _sync_directories(stored)
        return StoredWarc(name=stored, sha256=digest, record_id=record_id, date=date)
    finally:
        if os.path.exists(out.name):
            os.unlink(out.name)


def _sync_directories(name: str) -> None:
    """Make the rename that stored `name` durable: its directory's entry (and those of the
    folders storage made for it, up to MEDIA_ROOT) written to disk, before any row names it."""
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        return  # a remote storage keeps its own promises
    root = Path(settings.MEDIA_ROOT).resolve()
    folder = path.parent.resolve()
    while True:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if folder == root or root not in folder.parents:
            return
        folder = folder.parent


def file_sha256(path: str | os.PathLike) -> str:
    with open(path, "rb") as stream:
        return stream_sha256(stream)


def stream_sha256(stream) -> str:
    sha256 = hashlib.sha256()
    for block in iter(lambda: stream.read(1024 * 1024), b""):
        sha256.update(block)
    return sha256.hexdigest()
