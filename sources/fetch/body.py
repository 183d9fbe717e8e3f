"""Reading the page: its body streamed to a temporary file under ARCHIVE_MAX_BYTES and the
deadline, hashed on the way, into a FetchResult with what was sent and received."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx
from django.conf import settings

from .addresses import Target
from .deadline import Deadline
from .errors import ErrorCode, FetchError, Hop
from .transport import translate_error


@dataclass
class FetchResult:
    """A fetched page: what was sent and received, and the payload in a temporary file."""

    url: str
    final_url: str
    redirects: list[Hop]
    status: int
    reason: str
    http_version: str
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    ip_address: str
    body_path: Path
    size: int
    sha256: str
    content_type: str = field(default="")

    def cleanup(self) -> None:
        self.body_path.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cleanup()


def download(
    url: str,
    final_url: str,
    redirects: list[Hop],
    target: Target,
    ip: str,
    request: httpx.Request,
    response: httpx.Response,
    deadline: Deadline,
) -> FetchResult:
    """Read response's body to disk and return the page; the file is removed on failure."""
    cap = int(settings.ARCHIVE_MAX_BYTES)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_large(target, cap, declared=int(declared))
    digest = hashlib.sha256()
    size = 0
    body = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept after closing, on success
        prefix="claimtrail-fetch-", suffix=".body", delete=False
    )
    path = Path(body.name)
    try:
        with body:
            try:
                # Raw: the payload as the server sent it (content-encoding kept), which is
                # what the archive stores; chunked transfer coding is already removed.
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > cap:
                        raise _too_large(target, cap)
                    digest.update(chunk)
                    body.write(chunk)
                    if deadline.remaining() <= 0:
                        raise deadline.error(target)
            except httpx.HTTPError as exc:
                raise translate_error(exc, target, deadline, mid_body=True) from exc
        # The deadline ends a stalled read by shutting the socket, which a close-delimited
        # body cannot tell apart from its end.
        if deadline.fired:
            raise deadline.error(target)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FetchResult(
        url=url,
        final_url=final_url,
        redirects=list(redirects),
        status=response.status_code,
        reason=reason_phrase(response),
        http_version=response.http_version,
        request_headers=_decoded(request.headers.raw),
        response_headers=_decoded(response.headers.raw),
        ip_address=ip,
        body_path=path,
        size=size,
        sha256=digest.hexdigest(),
        content_type=response.headers.get("content-type", ""),
    )


def reason_phrase(response: httpx.Response) -> str:
    """The status line's reason phrase, or the standard one when the server sent none."""
    if response.reason_phrase:
        return response.reason_phrase
    try:
        return HTTPStatus(response.status_code).phrase
    except ValueError:
        return ""


def _decoded(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw]


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"


def _too_large(target: Target, cap: int, declared: int | None = None) -> FetchError:
    said = f" (it declares {_megabytes(declared)})" if declared is not None else ""
    return FetchError(
        ErrorCode.TOO_LARGE,
        f"The page at {target.host} is larger than the archiving limit of "
        f"{_megabytes(cap)}{said}; archive a smaller page or ask an administrator to raise "
        "the limit.",
    )
