"""A loopback HTTP/1.1 server that tests control, and other stand-ins: the names, re-exported."""

from .handlers import (
    Exchange,
    Handler,
    LoopbackServer,
    Seen,
    StreamedBody,
    StubResolver,
    Tripwire,
    dribble,
    huge,
    page,
    redirect,
    reset_mid_body,
    silence,
    slow,
    stall,
)

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
