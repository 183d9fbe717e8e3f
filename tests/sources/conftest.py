from collections.abc import Callable, Iterator

import pytest

from tests.loopback import StubResolver, Tripwire


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
    monkeypatch.setattr("sources.fetch.addresses.resolve", resolver)
    return resolver
