"""The connection: network failures, the total deadline, and TLS verified for the host name
(sources.fetch.transport and sources.fetch.deadline)."""

import socket
import ssl
import time

import pytest
import trustme

from sources.fetch import fetch
from tests.loopback import (
    LoopbackServer,
    dribble,
    page,
    redirect,
    reset_mid_body,
    silence,
    stall,
)
from tests.sources.fetch.fetching import NAME, assert_nothing_left, failure

# Network failures


def test_it_reports_an_unreachable_port_as_a_transient_connect_error(settings, body_dir):
    settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    # Bound but not listening: the port is ours and refuses connections.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        settings.ARCHIVE_ALLOWED_PORTS = [80, 443, port]

        error = failure(f"http://127.0.0.1:{port}/")

    assert error.code == "connect"
    assert error.transient
    assert "Could not connect to 127.0.0.1" in error.message
    assert_nothing_left(body_dir)


def test_it_reports_a_name_that_does_not_exist(stub_dns):
    error = failure("http://no-such-host.example.org/")

    assert error.code == "dns"
    assert "no-such-host.example.org could not be found" in error.message
    assert not error.transient


def test_it_reports_a_reset_mid_body_as_transient(archive_from_loopback, body_dir):
    archive_from_loopback.route("/", reset_mid_body(sent=20_000, declared=500_000))

    error = failure(archive_from_loopback.url("/"))

    assert error.code == "connect"
    assert error.transient
    assert "mid-page" in error.message
    assert_nothing_left(body_dir)


@pytest.mark.parametrize(
    "handler",
    [dribble(0.1), stall(), stall(dribble_for=1.0), silence()],
    ids=["slowloris", "stalls-mid-body", "dribbles-then-stalls", "never-answers"],
)
def test_it_gives_up_on_a_server_that_never_finishes_at_the_deadline(
    settings, archive_from_loopback, body_dir, handler
):
    settings.ARCHIVE_TIMEOUT = 1.5
    archive_from_loopback.route("/", handler)

    started = time.monotonic()
    error = failure(archive_from_loopback.url("/"))
    took = time.monotonic() - started

    assert error.code == "timeout"
    assert error.transient
    assert "did not finish sending the page within 1.5 seconds" in error.message
    assert 1.4 < took < 2.5
    assert_nothing_left(body_dir)


def test_the_deadline_covers_the_whole_redirect_chain(settings, archive_from_loopback):
    settings.ARCHIVE_TIMEOUT = 1.5
    # Each hop is quick enough on its own; together they overrun the deadline.
    for n in range(3):
        archive_from_loopback.route(f"/r{n}", _slow_redirect(600, f"/r{n + 1}"))
    archive_from_loopback.route("/r3", page(b"<p>too late</p>"))

    started = time.monotonic()
    error = failure(archive_from_loopback.url("/r0"))

    assert error.code == "timeout"
    assert len(error.redirects) == 2
    assert time.monotonic() - started < 2.5


def _slow_redirect(delay_ms: float, location: str):
    send = redirect(location)

    def handler(exchange):
        time.sleep(delay_ms / 1000)
        send(exchange)

    return handler


# TLS: the connection goes to the checked address, the certificate is checked for the name


@pytest.fixture(scope="module")
def certificate_authority():
    return trustme.CA()


@pytest.fixture
def tls_server(settings, certificate_authority, tmp_path, stub_dns):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert(NAME).configure_cert(context)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    bundle = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(bundle))
    with LoopbackServer(tls=context) as server:
        server.route("/", page(b"<p>secure page</p>"))
        server.sni_names = names
        settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
        settings.ARCHIVE_ALLOWED_PORTS = [80, 443, server.port]
        settings.ARCHIVE_CA_BUNDLE = str(bundle)
        stub_dns.answer(NAME, ["127.0.0.1"])
        stub_dns.answer("other.example.org", ["127.0.0.1"])
        yield server


def test_it_verifies_the_certificate_against_the_original_host_name(tls_server):
    with fetch(tls_server.url("/", host=NAME)) as result:
        assert result.body_path.read_bytes() == b"<p>secure page</p>"
        assert result.ip_address == "127.0.0.1"
        assert result.final_url == f"https://{NAME}:{tls_server.port}/"

    assert tls_server.sni_names == [NAME]
    assert tls_server.requests[0].header("Host") == f"{NAME}:{tls_server.port}"


@pytest.mark.parametrize("host", ["other.example.org", "127.0.0.1"])
def test_it_refuses_a_certificate_for_another_name(tls_server, host):
    error = failure(tls_server.url("/", host=host))

    assert error.code == "tls"
    assert not error.transient
    assert f"secure connection to {host} could not be verified" in error.message
    assert tls_server.requests == []


def test_it_verifies_certificates_by_default(settings, tls_server):
    settings.ARCHIVE_CA_BUNDLE = ""

    error = failure(tls_server.url("/", host=NAME))

    assert error.code == "tls"
    assert tls_server.requests == []
