"""A loopback HTTP/1.1 server that tests control, and other stand-ins for the hostile Internet.

    with LoopbackServer() as server:
        server.route("/", page(b"<h1>Hi</h1>"))
        server.route("/slow", slow(250, b"late"))
        server.route("/moved", redirect(server.url("/")))
        fetch(server.url("/moved"))

Each connection gets its own daemon thread and the listen backlog is large, so hundreds of
slow pages are served at once (worker tests, benchmarks). Handlers are callables taking the
`Exchange` (the request handler) for the request; the factories in `handlers` cover the
usual pages and the hostile ones. Endless handlers stop when the server stops.

`Tripwire` is a listening socket that answers nothing and counts the connections it got,
to prove that a refused address was never connected to. `StubResolver` stands in for DNS.

The server is in `server`, `Tripwire` and `StubResolver` in `standins`; every name tests
use is re-exported here.
"""

from .handlers import (
    StreamedBody,
    dribble,
    huge,
    page,
    redirect,
    reset_mid_body,
    silence,
    slow,
    stall,
)
from .server import Exchange, Handler, LoopbackServer, Seen
from .standins import StubResolver, Tripwire

__all__ = [
    "Exchange",
    "Handler",
    "LoopbackServer",
    "Seen",
    "StreamedBody",
    "StubResolver",
    "Tripwire",
    "dribble",
    "huge",
    "page",
    "redirect",
    "reset_mid_body",
    "silence",
    "slow",
    "stall",
]
