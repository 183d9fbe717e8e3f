"""Stand-ins for the rest of the network: a Tripwire that proves nothing connected to it,
and a StubResolver in place of DNS."""

from __future__ import annotations

import socket
from typing import Self


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
