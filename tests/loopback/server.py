"""The loopback HTTP/1.1 (or HTTPS) server, and the request handler its handlers answer
through."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterable
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
