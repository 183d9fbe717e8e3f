"""The total time a fetch may take, across every hop, enforced by shutting the socket."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any, Self

import httpx

from .addresses import Target
from .errors import ErrorCode, FetchError


class Deadline:
    """The total time a fetch may take, across every hop.

    httpx timeouts apply to each operation, so a server that dribbles a byte at a time never
    trips them; when the total runs out, a timer shuts the socket in use, which ends whatever
    read or handshake is waiting on it.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._stream: Any = None
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return self._ends - time.monotonic()

    def timeouts(self, target: Target) -> httpx.Timeout:
        left = self.remaining()
        if left <= 0:
            raise self.error(target)
        return httpx.Timeout(left)

    def error(self, target: Target) -> FetchError:
        return FetchError(
            ErrorCode.TIMEOUT,
            f"The server at {target.host} did not finish sending the page within "
            f"{self.seconds:g} seconds; it may be slow or overloaded, so try again later.",
            transient=True,
        )

    def trace(self, event: str, info: dict[str, Any]) -> None:
        # httpcore reports each new connection (and its TLS wrapper) here.
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            with self._lock:
                self._stream = info.get("return_value")
                if self.fired:
                    self._shut()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shut()

    def _shut(self) -> None:
        sock = self._stream.get_extra_info("socket") if self._stream is not None else None
        if sock is None:
            return
        # OSError: already closed, as the fetch finished when the deadline came.
        with contextlib.suppress(OSError):
            # The plain socket's shutdown even on a TLS socket: SSLSocket.shutdown would
            # unwrap it under the reading thread's feet.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
