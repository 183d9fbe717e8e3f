"""The archiver's fetcher against a loopback server, a stub resolver and hostile input.

Only 127.0.0.1 (and refused loopback addresses that a Tripwire proves were never connected
to) is ever used; DNS is the only thing stubbed.
"""

import gzip
import hashlib
import pickle
import socket
import ssl
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import trustme

from sources.fetch import FetchError, FetchResult, Hop, check_address, fetch
from sources.fetch import body as fetch_body
from tests.loopback import (
    LoopbackServer,
    dribble,
    huge,
    page,
    redirect,
    reset_mid_body,
    silence,
    slow,
    stall,
)

NAME = "news.example.org"


@pytest.fixture(autouse=True)
def body_dir(tmp_path, monkeypatch):
    """Temporary bodies go to a folder of the test's own, so leftovers can be seen."""
    folder = tmp_path / "bodies"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def only_the_server_allowed(settings, loopback):
    """127.0.0.1 stands in for a public address; the rest of loopback stays refused."""
    settings.ARCHIVE_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.ARCHIVE_ALLOWED_PORTS = [80, 443, loopback.port]
    return loopback


def failure(url: str) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch(url)
    error = info.value
    # A sentence a researcher can act on, not an exception's repr.
    assert error.message[0].isupper()
    assert error.message.endswith(".")
    assert str(error) == error.message
    assert "Traceback" not in error.message
    assert "httpx" not in error.message
    return error


def assert_nothing_left(body_dir) -> None:
    assert list(body_dir.iterdir()) == []


# Successful fetches


def test_it_records_what_was_sent_and_received(settings, archive_from_loopback, body_dir):
    body = b"<html><title>Claim</title><p>The figure was 12%.</p></html>"
    archive_from_loopback.route(
        "/article",
        page(body, headers=[("Set-Cookie", "a=1"), ("X-Served-By", "one"), ("Set-Cookie", "b=2")]),
    )
    url = archive_from_loopback.url("/article?id=7")

    with fetch(url) as result:
        assert isinstance(result, FetchResult)
        assert result.url == url
        assert result.final_url == url
        assert result.redirects == []
        assert (result.status, result.reason, result.http_version) == (200, "OK", "HTTP/1.1")
        assert result.ip_address == "127.0.0.1"
        assert result.content_type == "text/html; charset=utf-8"
        assert result.body_path.read_bytes() == body
        assert result.size == len(body)
        assert result.sha256 == hashlib.sha256(body).hexdigest()
        assert result.body_path.parent == body_dir
        sent = dict(result.request_headers)
        assert sent["Host"] == f"127.0.0.1:{archive_from_loopback.port}"
        assert sent["User-Agent"] == settings.ARCHIVE_USER_AGENT
        received = [(k, v) for k, v in result.response_headers if k.lower() != "date"]
        assert [v for k, v in received if k == "Set-Cookie"] == ["a=1", "b=2"]
        assert ("X-Served-By", "one") in received

    assert not result.body_path.exists()
    seen = archive_from_loopback.requests
    assert [(r.method, r.path) for r in seen] == [("GET", "/article?id=7")]
    assert seen[0].header("Host") == f"127.0.0.1:{archive_from_loopback.port}"


def test_it_follows_redirects_by_hand_across_hosts_and_records_each_hop(
    settings, archive_from_loopback
):
    with LoopbackServer() as other:
        settings.ARCHIVE_ALLOWED_PORTS = [80, 443, archive_from_loopback.port, other.port]
        archive_from_loopback.route("/old", redirect("/moved", status=301))
        archive_from_loopback.route("/moved", redirect(other.url("/final")))
        other.route("/final", page(b"<p>here</p>"))

        with fetch(archive_from_loopback.url("/old")) as result:
            assert result.final_url == other.url("/final")
            assert result.redirects == [
                Hop(archive_from_loopback.url("/old"), 301, archive_from_loopback.url("/moved")),
                Hop(archive_from_loopback.url("/moved"), 302, other.url("/final")),
            ]
            assert result.body_path.read_bytes() == b"<p>here</p>"
            assert dict(result.request_headers)["Host"] == f"127.0.0.1:{other.port}"
        assert other.requests[0].header("Host") == f"127.0.0.1:{other.port}"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<p>caf\xe9 \xff\xfe broken \xc3\x28 utf-8</p>", "text/html; charset=utf-8"),
        ("<p>café in Latin-1</p>".encode("latin-1"), "text/html; charset=utf-8"),
        ("<p>日本語 sent as UTF-8</p>".encode(), "text/html; charset=shift_jis"),
        (b"\x00\x01binary\xff", ""),
    ],
    ids=["invalid-utf8", "latin1-declared-utf8", "utf8-declared-shift-jis", "no-type"],
)
def test_it_stores_bytes_exactly_whatever_their_encoding_claims(
    archive_from_loopback, body, content_type
):
    archive_from_loopback.route("/", page(body, content_type=content_type))

    with fetch(archive_from_loopback.url("/")) as result:
        assert result.body_path.read_bytes() == body
        assert result.sha256 == hashlib.sha256(body).hexdigest()
        assert result.content_type == content_type


def test_it_stores_a_compressed_body_as_received_not_decoded(archive_from_loopback):
    compressed = gzip.compress(b"<p>compressed page</p>" * 100)
    archive_from_loopback.route("/", page(compressed, headers=[("Content-Encoding", "gzip")]))

    with fetch(archive_from_loopback.url("/")) as result:
        assert result.body_path.read_bytes() == compressed
        assert ("Content-Encoding", "gzip") in result.response_headers


@pytest.mark.parametrize("framing", ["chunked", "close-delimited"])
def test_it_streams_a_body_sent_without_a_length(archive_from_loopback, framing):
    size = 3 * 1024 * 1024 + 17
    archive_from_loopback.route(
        "/big",
        huge(size, declare_length=False, close_delimited=framing == "close-delimited"),
    )

    with fetch(archive_from_loopback.url("/big")) as result:
        assert result.size == size
        assert result.body_path.stat().st_size == size


def test_it_waits_for_a_slow_page_within_the_deadline(settings, archive_from_loopback):
    settings.ARCHIVE_TIMEOUT = 5
    archive_from_loopback.route("/slow", slow(300, b"<p>worth the wait</p>"))

    with fetch(archive_from_loopback.url("/slow")) as result:
        assert result.body_path.read_bytes() == b"<p>worth the wait</p>"


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


# Redirect limits


def test_it_stops_a_redirect_loop(archive_from_loopback):
    archive_from_loopback.route("/a", redirect("/b"))
    archive_from_loopback.route("/b", redirect("/a"))

    error = failure(archive_from_loopback.url("/a"))

    assert error.code == "too_many_redirects"
    assert "loop" in error.message
    assert not error.transient
    assert len(archive_from_loopback.requests) == 2


def chain(server: LoopbackServer, hops: int) -> str:
    for n in range(hops):
        server.route(f"/r{n}", redirect(f"/r{n + 1}"))
    server.route(f"/r{hops}", page(b"<p>end of the chain</p>"))
    return server.url("/r0")


def test_it_follows_as_many_redirects_as_allowed(archive_from_loopback):
    with fetch(chain(archive_from_loopback, 5)) as result:
        assert len(result.redirects) == 5
        assert result.final_url == archive_from_loopback.url("/r5")


def test_it_refuses_more_redirects_than_allowed(archive_from_loopback):
    error = failure(chain(archive_from_loopback, 6))

    assert error.code == "too_many_redirects"
    assert "more than 5" in error.message
    assert len(error.redirects) == 5
    assert not any(r.path == "/r6" for r in archive_from_loopback.requests)


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


# Size cap


def test_it_refuses_a_declared_length_over_the_cap_before_reading(
    settings, archive_from_loopback, body_dir
):
    settings.ARCHIVE_MAX_BYTES = 100_000
    body = archive_from_loopback.route("/", huge(200 * 1024 * 1024))

    started = time.monotonic()
    error = failure(archive_from_loopback.url("/"))

    assert error.code == "too_large"
    assert not error.transient
    assert "larger than the archiving limit of 0.1 MB (it declares 210 MB)" in error.message
    assert time.monotonic() - started < 2
    assert body.finished.wait(5)
    assert body.sent < 20 * 1024 * 1024
    assert_nothing_left(body_dir)


class CountingFile:
    """Wraps the fetcher's temporary file to count what it writes."""

    written = 0

    def __init__(self, inner):
        self._inner = inner

    def write(self, data):
        CountingFile.written += len(data)
        return self._inner.write(data)

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __enter__(self):
        self._inner.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._inner.__exit__(*exc_info)


@pytest.mark.parametrize("framing", ["chunked", "close-delimited"])
def test_it_stops_reading_an_undeclared_body_at_the_cap(
    settings, archive_from_loopback, body_dir, monkeypatch, framing
):
    cap = 1_000_000
    settings.ARCHIVE_MAX_BYTES = cap
    size = 200 * 1024 * 1024
    body = archive_from_loopback.route(
        "/", huge(size, declare_length=False, close_delimited=framing == "close-delimited")
    )
    real = tempfile.NamedTemporaryFile
    CountingFile.written = 0
    monkeypatch.setattr(
        fetch_body.tempfile, "NamedTemporaryFile", lambda **kw: CountingFile(real(**kw))
    )

    error = failure(archive_from_loopback.url("/"))

    assert error.code == "too_large"
    # Reads come at most 64 KB at a time, and the chunk that crosses the cap is not written.
    assert CountingFile.written <= cap
    assert body.finished.wait(5)
    assert body.sent < cap + 64 * 1024 + 16 * 1024 * 1024  # plus the kernels' socket buffers
    assert_nothing_left(body_dir)


def test_it_accepts_a_body_exactly_at_the_cap(settings, archive_from_loopback):
    settings.ARCHIVE_MAX_BYTES = 100_000
    archive_from_loopback.route("/", huge(100_000, declare_length=False))

    with fetch(archive_from_loopback.url("/")) as result:
        assert result.size == 100_000


# HTTP error statuses


@pytest.mark.parametrize("status", [404, 410, 403, 401])
def test_it_fails_permanently_on_a_client_error(archive_from_loopback, body_dir, status):
    archive_from_loopback.route("/", page(b"gone", status=status))

    error = failure(archive_from_loopback.url("/"))

    assert error.code == "http_status"
    assert error.http_status == status
    assert not error.transient
    assert error.retry_after is None
    assert f"answered {status}" in error.message
    assert_nothing_left(body_dir)


def test_it_fails_transiently_on_a_server_error(archive_from_loopback):
    archive_from_loopback.route("/", page(b"oops", status=500))

    error = failure(archive_from_loopback.url("/"))

    assert (error.code, error.http_status, error.transient) == ("http_status", 500, True)
    assert "500 Internal Server Error" in error.message
    assert error.retry_after is None


def test_it_reads_retry_after_seconds_from_a_429(archive_from_loopback):
    archive_from_loopback.route("/", page(b"slow down", status=429, headers=[("Retry-After", "7")]))

    error = failure(archive_from_loopback.url("/"))

    assert (error.code, error.http_status, error.transient) == ("http_status", 429, True)
    assert error.retry_after == 7.0
    assert "wait 7 seconds" in error.message


def test_it_reads_a_retry_after_date_from_a_503(archive_from_loopback):
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    archive_from_loopback.route(
        "/", page(b"maintenance", status=503, headers=[("Retry-After", later)])
    )

    error = failure(archive_from_loopback.url("/"))

    assert error.transient
    assert 110 <= error.retry_after <= 120


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


def test_a_fetch_error_survives_pickling_with_its_details():
    error = FetchError(
        "http_status",
        "The server answered 429.",
        transient=True,
        retry_after=3.0,
        http_status=429,
        redirects=[Hop("http://a.example/", 301, "http://b.example/")],
    )

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes

    assert (copy.code, copy.message, copy.transient, copy.retry_after, copy.http_status) == (
        "http_status",
        "The server answered 429.",
        True,
        3.0,
        429,
    )
    assert copy.redirects == error.redirects
