"""Fetching a page: what was sent and received, the body stored exactly as it came, and
the size cap (sources.fetch.body)."""

import gzip
import hashlib
import tempfile
import time

import pytest

from sources.fetch import FetchResult, Hop, fetch
from sources.fetch import body as fetch_body
from tests.loopback import (
    LoopbackServer,
    huge,
    page,
    redirect,
    slow,
)
from tests.sources.fetch.fetching import assert_nothing_left, failure

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
