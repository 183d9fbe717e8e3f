"""A loopback HTTP/1.1 server that tests control, and other stand-ins for the hostile Internet.

    with LoopbackServer() as server:
        server.route("/", page(b"<h1>Hi</h1>"))
        server.route("/slow", slow(250, b"late"))
        server.route("/moved", redirect(server.url("/")))
        fetch(server.url("/moved"))

Each connection gets its own daemon thread and the listen backlog is large, so hundreds of
slow pages are served at once (worker tests, benchmarks). Handlers are callables taking the
`Exchange` (the request handler) for the request; the factories below cover the usual pages
and the hostile ones. Endless handlers stop when the server stops.

`Tripwire` is a listening socket that answers nothing and counts the connections it got,
to prove that a refused address was never connected to. `StubResolver` stands in for DNS.
"""

from __future__ import annotations

import itertools
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import urlsplit

Handler = Callable[["Exchange"], None]


@dataclass(frozen=True)
class Seen:
    """A request the server received."""

    method: str
    path: str
    headers: list[tuple[str, str]]

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class Exchange(BaseHTTPRequestHandler):
    """One request; handlers write the response through it."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            # Handshake here, in the connection's thread, so a slow or failed handshake
            # never holds up the accept loop.
            self.request.do_handshake()
        super().setup()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.server.owner.record(Seen(self.command, self.path, list(self.headers.items())))
        handler = self.server.owner.routes.get(path)
        if handler is None:
            self.respond(404, b"no route", content_type="text/plain")
            return
        handler(self)

    do_HEAD = do_GET

    @property
    def stopping(self) -> threading.Event:
        return self.server.owner.stopping

    def respond(
        self,
        status: int,
        body: bytes = b"",
        *,
        content_type: str = "text/html; charset=utf-8",
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    owner: LoopbackServer

    def __init__(self, owner: LoopbackServer, host: str, tls: ssl.SSLContext | None) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.owner = owner
        self.tls = tls
        super().__init__((host, 0), Exchange)

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = super().get_request()
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request: object, client_address: object) -> None:
        # Hostile tests break connections on purpose; a traceback per break is noise.
        pass


class LoopbackServer:
    """A threaded HTTP/1.1 (or HTTPS, given a server TLS context) server on an ephemeral port."""

    def __init__(self, host: str = "127.0.0.1", *, tls: ssl.SSLContext | None = None) -> None:
        self.host = host
        self.scheme = "https" if tls else "http"
        self.routes: dict[str, Handler] = {}
        self.requests: list[Seen] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(self, host, tls)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"loopback-{self.port}",
            daemon=True,
        )

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        """The URL of `path` here; `host` replaces the address, e.g. by a name a stub resolves."""
        name = host or self.host
        if ":" in name:
            name = f"[{name}]"
        return f"{self.scheme}://{name}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> Handler:
        self.routes[path] = handler
        return handler

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


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


class Tripwire:
    """A listening socket that never answers, counting connections made to it.

    The kernel completes a TCP handshake into the backlog without accept(), so a connection
    shows up in `connections()` as soon as the connecting side's connect() has returned.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.host = host
        self._sock = socket.socket(family, socket.SOCK_STREAM)
        self._sock.bind((host, port))
        self._sock.listen(64)
        self._sock.setblocking(False)
        self.port: int = self._sock.getsockname()[1]
        self._accepted: list[socket.socket] = []

    def connections(self) -> int:
        while True:
            try:
                conn, _ = self._sock.accept()
            except BlockingIOError:
                return len(self._accepted)
            self._accepted.append(conn)

    def close(self) -> None:
        for conn in self._accepted:
            conn.close()
        self._sock.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class StubResolver:
    """Stands in for `sources.fetch.addresses.resolve`: answers from a table, records every query.

    `answer(name, first, then, ...)` gives successive answers to successive queries, the last
    one repeating, so a test can play a DNS-rebinding server. Unknown names do not exist.
    """

    def __init__(self) -> None:
        self.queries: list[str] = []
        self._answers: dict[str, list[list[str]]] = {}

    def answer(self, name: str, *answers: list[str]) -> None:
        self._answers[name.lower()] = [list(a) for a in answers]

    def __call__(self, host: str, port: int) -> list[str]:
        self.queries.append(host)
        answers = self._answers.get(host.lower())
        if answers is None:
            # Numeric hosts need no DNS, so they go to the operating system as before.
            try:
                socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
            except OSError:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            return [host]
        return answers.pop(0) if len(answers) > 1 else answers[0]
