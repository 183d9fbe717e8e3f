"""Handlers for the usual pages and the hostile ones: fixed, slow, redirecting, huge,
endless, reset, stalled and silent."""

from __future__ import annotations

import itertools
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator

from .server import Exchange, Handler


def page(
    body: bytes,
    *,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
    headers: Iterable[tuple[str, str]] = (),
) -> Handler:
    """A fixed response."""
    fixed = list(headers)

    def handler(exchange: Exchange) -> None:
        exchange.respond(status, body, content_type=content_type, headers=fixed)

    return handler


def slow(delay_ms: float, body: bytes = b"<p>slow page</p>", **kwargs: object) -> Handler:
    """A fixed response sent after `delay_ms` milliseconds."""
    respond = page(body, **kwargs)  # type: ignore[arg-type]

    def handler(exchange: Exchange) -> None:
        if exchange.stopping.wait(delay_ms / 1000):
            return
        respond(exchange)

    return handler


def redirect(location: str, *, status: int = 302) -> Handler:
    """A redirect to `location`, which may name another host or port, or a relative path."""
    return page(b"", status=status, content_type="", headers=[("Location", location)])


class StreamedBody:
    """A body streamed from an iterable, counting what was written; a Handler itself.

    Without `length` the body goes out chunked; with `close_delimited` it has neither length
    nor chunking and ends when the connection closes.
    """

    def __init__(
        self,
        chunks: Callable[[], Iterable[bytes]],
        *,
        length: int | None = None,
        close_delimited: bool = False,
        content_type: str = "application/octet-stream",
    ) -> None:
        self.chunks = chunks
        self.length = length
        self.close_delimited = close_delimited
        self.content_type = content_type
        self.sent = 0
        self.finished = threading.Event()

    def __call__(self, exchange: Exchange) -> None:
        exchange.send_response(200)
        exchange.send_header("Content-Type", self.content_type)
        chunked = self.length is None and not self.close_delimited
        if self.length is not None:
            exchange.send_header("Content-Length", str(self.length))
        elif chunked:
            exchange.send_header("Transfer-Encoding", "chunked")
        else:
            exchange.send_header("Connection", "close")
            exchange.close_connection = True
        exchange.end_headers()
        try:
            for chunk in self.chunks():
                if exchange.stopping.is_set():
                    return
                if chunked:
                    exchange.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                else:
                    exchange.wfile.write(chunk)
                exchange.wfile.flush()
                self.sent += len(chunk)
            if chunked:
                exchange.wfile.write(b"0\r\n\r\n")
        except OSError:
            exchange.close_connection = True
        finally:
            self.finished.set()


def huge(
    size: int,
    *,
    declare_length: bool = True,
    chunk_size: int = 64 * 1024,
    close_delimited: bool = False,
) -> StreamedBody:
    """`size` bytes generated as they are sent, never held in memory whole."""

    def chunks() -> Iterator[bytes]:
        block = bytes(range(256)) * (chunk_size // 256 + 1)
        left = size
        while left > 0:
            piece = block[: min(chunk_size, left)]
            left -= len(piece)
            yield piece

    return StreamedBody(
        chunks,
        length=size if declare_length else None,
        close_delimited=close_delimited,
    )


def dribble(interval: float = 0.1, byte: bytes = b".") -> StreamedBody:
    """Slowloris: a chunked body of one byte every `interval` seconds, forever."""

    def chunks() -> Iterator[bytes]:
        for _ in itertools.count():
            time.sleep(interval)
            yield byte

    return StreamedBody(chunks, content_type="text/html")


def reset_mid_body(*, sent: int = 10_000, declared: int = 100_000) -> Handler:
    """Declares `declared` bytes, sends `sent`, then resets the connection (RST, not FIN)."""

    def handler(exchange: Exchange) -> None:
        exchange.send_response(200)
        exchange.send_header("Content-Type", "text/html")
        exchange.send_header("Content-Length", str(declared))
        exchange.end_headers()
        exchange.wfile.write(b"x" * sent)
        exchange.wfile.flush()
        time.sleep(0.05)  # let the client read the start, so the reset lands mid-body
        exchange.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        exchange.connection.close()
        exchange.close_connection = True

    return handler


def stall(
    *, after: bytes = b"<p>start", declared: int = 100_000, dribble_for: float = 0
) -> Handler:
    """Sends the headers and the first bytes of a page, then nothing until the server stops.

    With `dribble_for`, a byte every 0.1 s for that many seconds comes before the silence, so
    the stall begins late in the fetch.
    """

    def handler(exchange: Exchange) -> None:
        exchange.send_response(200)
        exchange.send_header("Content-Type", "text/html")
        exchange.send_header("Content-Length", str(declared))
        exchange.end_headers()
        exchange.wfile.write(after)
        exchange.wfile.flush()
        until = time.monotonic() + dribble_for
        while time.monotonic() < until and not exchange.stopping.wait(0.1):
            exchange.wfile.write(b".")
            exchange.wfile.flush()
        exchange.stopping.wait()
        exchange.close_connection = True

    return handler


def silence() -> Handler:
    """Reads the request and never answers."""

    def handler(exchange: Exchange) -> None:
        exchange.stopping.wait()
        exchange.close_connection = True

    return handler
