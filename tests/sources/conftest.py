from collections.abc import Callable, Iterator

import pytest

from tests.loopback import LoopbackServer, StubResolver, Tripwire


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A running loopback server on 127.0.0.1; add pages with `.route(path, handler)`."""
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def archive_from_loopback(settings, loopback: LoopbackServer) -> LoopbackServer:
    """Lets the archiver fetch from the loopback network and the `loopback` server's port."""
    settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.ARCHIVE_ALLOWED_PORTS = [80, 443, loopback.port]
    return loopback


@pytest.fixture
def tripwire() -> Iterator[Callable[..., Tripwire]]:
    """Makes listening sockets that count connections: `tripwire("127.0.0.2", port=...)`."""
    made: list[Tripwire] = []

    def make(host: str = "127.0.0.1", port: int = 0) -> Tripwire:
        wire = Tripwire(host, port)
        made.append(wire)
        return wire

    yield make
    for wire in made:
        wire.close()


@pytest.fixture
def stub_dns(monkeypatch) -> StubResolver:
    """Replaces the archiver's DNS lookups with a table: `stub_dns.answer(name, [ips])`."""
    resolver = StubResolver()
    monkeypatch.setattr("sources.fetch.resolve", resolver)
    return resolver
