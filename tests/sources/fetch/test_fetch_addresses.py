"""Which URLs and addresses the fetcher refuses, before it connects to any
(sources.fetch.addresses)."""

import socket

import pytest

from sources.fetch import FetchError, Hop, check_address, fetch
from tests.loopback import (
    page,
    redirect,
)
from tests.sources.fetch.fetching import NAME, failure

# Addresses: every spelling of an internal address is refused before any connection


@pytest.mark.parametrize(
    "host",
    ["2130706433", "0177.0.0.1", "0x7f.1", "0x7f000001", "127.1", "017700000001"],
    ids=["decimal", "octal", "hex-dotted", "hex", "short", "octal-whole"],
)
def test_it_refuses_numeric_spellings_of_loopback(settings, tripwire, host):
    wire = tripwire("127.0.0.1")
    settings.ARCHIVE_ALLOWED_PORTS = [80, 443, wire.port]

    error = failure(f"http://{host}:{wire.port}/")

    assert error.code == "blocked_address"
    assert error.blocked
    assert not error.transient
    assert "127.0.0.1" in error.message
    assert "loopback" in error.message
    assert wire.connections() == 0


@pytest.mark.parametrize("host", ["2130706433", "0177.0.0.1", "0x7f.1", "127.1"])
def test_numeric_spellings_do_reach_loopback_when_it_is_allowed(archive_from_loopback, host):
    # The control for the refusals above: these spellings really mean 127.0.0.1.
    archive_from_loopback.route("/", page(b"<p>reached</p>"))

    with fetch(f"http://{host}:{archive_from_loopback.port}/") as result:
        assert result.ip_address == "127.0.0.1"
    assert (
        archive_from_loopback.requests[0].header("Host") == f"{host}:{archive_from_loopback.port}"
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1"])
def test_a_tripwire_counts_a_connection_made_to_it(tripwire, host):
    # The control for every `wire.connections() == 0` below.
    wire = tripwire(host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as client:
        client.connect((host, wire.port))
        assert wire.connections() == 1


@pytest.mark.parametrize(
    ("host", "listen_on"),
    [
        ("[::1]", "::1"),
        ("[0:0:0:0:0:0:0:1]", "::1"),
        ("[::ffff:127.0.0.1]", "127.0.0.1"),
        ("[::ffff:7f00:1]", "127.0.0.1"),
        ("[0:0:0:0:0:ffff:127.0.0.1]", "127.0.0.1"),
    ],
)
def test_it_refuses_ipv6_loopback_and_ipv4_mapped_forms(settings, tripwire, host, listen_on):
    wire = tripwire(listen_on)
    settings.ARCHIVE_ALLOWED_PORTS = [80, 443, wire.port]

    error = failure(f"http://{host}:{wire.port}/")

    assert error.code == "blocked_address"
    assert "loopback" in error.message
    assert wire.connections() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://2852039166/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
    ],
)
def test_it_refuses_the_cloud_metadata_address(url):
    error = failure(url)

    assert error.code == "blocked_address"
    assert "cloud metadata address" in error.message


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.0.0.7", "private network"),
        ("192.168.1.1", "private network"),
        ("172.16.5.4", "private network"),
        ("100.64.1.1", "carrier-grade NAT"),
        ("169.254.10.10", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address refused, not bound
        ("224.0.0.251", "multicast"),
        ("fd12:3456::1", "private network"),
        ("fe80::1", "link-local"),
        ("64:ff9b::a00:7", "NAT64 form of 10.0.0.7"),
        ("2002:c0a8:101::1", "6to4 form of 192.168.1.1"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
    ],
)
def test_it_refuses_a_name_that_resolves_to_an_internal_address(stub_dns, address, kind):
    stub_dns.answer(NAME, [address])

    error = failure(f"http://{NAME}/story")

    assert error.code == "blocked_address"
    assert f"{NAME} resolves to {address}" in error.message
    assert kind in error.message
    assert stub_dns.queries == [NAME]


@pytest.mark.parametrize("order", ["allowed-first", "refused-first"])
def test_it_refuses_a_name_with_any_refused_address_among_its_answers(
    only_the_server_allowed, stub_dns, tripwire, order
):
    wire = tripwire("127.0.0.2", port=only_the_server_allowed.port)
    only_the_server_allowed.route("/", page(b"should not be fetched"))
    answers = ["127.0.0.1", "127.0.0.2"]
    stub_dns.answer(NAME, answers if order == "allowed-first" else answers[::-1])

    error = failure(only_the_server_allowed.url("/", host=NAME))

    assert error.code == "blocked_address"
    assert "127.0.0.2" in error.message
    assert only_the_server_allowed.requests == []
    assert wire.connections() == 0


def test_it_connects_to_the_checked_address_so_dns_rebinding_fails(
    only_the_server_allowed, stub_dns, tripwire, monkeypatch
):
    wire = tripwire("127.0.0.2", port=only_the_server_allowed.port)
    only_the_server_allowed.route("/", page(b"<p>the checked server</p>"))
    # First answer passes the check; any later lookup would be steered to a refused address.
    stub_dns.answer(NAME, ["127.0.0.1"], ["127.0.0.2"])
    real_getaddrinfo = socket.getaddrinfo
    looked_up: list[str] = []

    def spying_getaddrinfo(host, *args, **kwargs):
        looked_up.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", spying_getaddrinfo)

    with fetch(only_the_server_allowed.url("/", host=NAME)) as result:
        assert result.ip_address == "127.0.0.1"
        assert result.body_path.read_bytes() == b"<p>the checked server</p>"
        assert dict(result.request_headers)["Host"] == f"{NAME}:{only_the_server_allowed.port}"

    assert stub_dns.queries == [NAME]
    assert NAME not in looked_up
    assert only_the_server_allowed.requests[0].header("Host") == (
        f"{NAME}:{only_the_server_allowed.port}"
    )
    assert wire.connections() == 0


def test_it_refuses_a_redirect_chain_that_ends_on_loopback(
    settings, only_the_server_allowed, tripwire
):
    wire = tripwire("127.0.0.2")
    settings.ARCHIVE_ALLOWED_PORTS = [80, 443, only_the_server_allowed.port, wire.port]
    internal = f"http://127.0.0.2:{wire.port}/admin"
    only_the_server_allowed.route("/a", redirect("/b"))
    only_the_server_allowed.route("/b", redirect(internal, status=307))

    error = failure(only_the_server_allowed.url("/a"))

    assert error.code == "blocked_address"
    assert "127.0.0.2" in error.message
    assert error.redirects == [
        Hop(only_the_server_allowed.url("/a"), 302, only_the_server_allowed.url("/b")),
        Hop(only_the_server_allowed.url("/b"), 307, internal),
    ]
    assert wire.connections() == 0


def test_it_refuses_a_redirect_to_a_name_that_resolves_to_a_private_address(
    archive_from_loopback, stub_dns
):
    stub_dns.answer("intranet.example.org", ["192.168.0.10"])
    archive_from_loopback.route("/", redirect("http://intranet.example.org/secrets"))

    error = failure(archive_from_loopback.url("/"))

    assert error.code == "blocked_address"
    assert "intranet.example.org resolves to 192.168.0.10" in error.message
    assert len(error.redirects) == 1


def test_it_refuses_a_redirect_to_another_scheme(archive_from_loopback):
    archive_from_loopback.route("/", redirect("file:///etc/passwd"))

    error = failure(archive_from_loopback.url("/"))

    assert error.code == "bad_url"
    assert error.redirects[0].location == "file:///etc/passwd"


# URLs refused before any lookup


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/_GET%20/",
        "ftp://example.org/report.pdf",
        "data:text/html,<script>alert(1)</script>",
        "javascript:alert(1)",
        "example.org/no-scheme",
        "http:///no-host",
        "http://exa mple.org/",
        "http://example.org:99999/",
    ],
)
def test_it_refuses_urls_it_cannot_archive(stub_dns, url):
    error = failure(url)

    assert error.code == "bad_url"
    assert not error.transient
    assert stub_dns.queries == []


@pytest.mark.parametrize("userinfo", ["user:secret@", "user@", ":secret@", "127.0.0.1%5C@"])
def test_it_refuses_credentials_in_the_url(archive_from_loopback, userinfo):
    archive_from_loopback.route("/", page(b"private"))

    error = failure(f"http://{userinfo}127.0.0.1:{archive_from_loopback.port}/")

    assert error.code == "bad_url"
    assert "user name or password" in error.message
    assert archive_from_loopback.requests == []


def test_it_refuses_a_port_that_is_not_allowed(settings, loopback):
    settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    loopback.route("/", page(b"on an odd port"))

    error = failure(loopback.url("/"))

    assert error.code == "blocked_address"
    assert f"port {loopback.port}" in error.message
    assert loopback.requests == []


# check_address on its own


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.255.254",
        "10.1.2.3",
        "172.31.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "0.0.0.0",  # noqa: S104 - an address refused, not bound
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%lo",
        "fc00::1",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::1",
        "2002:a9fe:a9fe::1",
        "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "2001:db8::1",
    ],
)
def test_check_address_refuses_internal_and_wrapped_addresses(address):
    with pytest.raises(FetchError) as info:
        check_address(address)

    assert info.value.code == "blocked_address"
    assert address in info.value.message


@pytest.mark.parametrize(
    "address",
    ["93.184.215.14", "8.8.8.8", "2606:4700::1111", "2002:808:808::1", "64:ff9b::808:808"],
)
def test_check_address_allows_public_addresses(address):
    check_address(address)


def test_check_address_allows_only_the_networks_opened_by_settings(settings):
    settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.0/8"]

    check_address("127.0.0.2")
    check_address("::ffff:127.0.0.1")
    with pytest.raises(FetchError):
        check_address("10.0.0.1")
    with pytest.raises(FetchError):
        check_address("::1")
