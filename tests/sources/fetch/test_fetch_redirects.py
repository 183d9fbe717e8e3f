"""The fetch hop by hop: redirect limits, and what error statuses answer
(sources.fetch.redirects)."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from sources.fetch import Hop, fetch
from tests.loopback import (
    LoopbackServer,
    page,
    redirect,
)
from tests.sources.fetch.fetching import assert_nothing_left, failure

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


# Malformed Location headers: the server's fault, reported as bad_url, never as ours


@pytest.mark.parametrize(
    "location",
    [
        pytest.param("http:%5C%5C127.0.0.2/admin", id="escaped-backslashes"),
        pytest.param("http:\\\\127.0.0.2/admin", id="backslashes"),
        pytest.param("https:example.org/page", id="scheme-without-host"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("http://news.example.org/a page", id="space"),
        pytest.param("http://news.example.org/\x01", id="control-character"),
        pytest.param("http://news.example.org/\x7f", id="delete-character"),
        pytest.param("h\ttp://news.example.org/", id="tab"),
        pytest.param("http://[::1", id="unclosed-ipv6"),
        pytest.param("http://news.example.org:99999/", id="port-out-of-range"),
        pytest.param("http://" + "a" * 3000 + ".example.org/", id="over-long"),
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("mailto:desk@example.org", id="mailto"),
        pytest.param("ftp://example.org/file", id="ftp"),
        pytest.param("data:text/html,<p>hi</p>", id="data"),
    ],
)
def test_a_malformed_location_fails_as_a_bad_url(archive_from_loopback, body_dir, location):
    archive_from_loopback.route("/", redirect(location))

    error = failure(archive_from_loopback.url("/"))

    assert error.code == "bad_url", error.message
    assert not error.transient
    assert "127.0.0.1" in error.message  # the server that sent it
    assert len(archive_from_loopback.requests) == 1
    assert_nothing_left(body_dir)


def test_the_chain_shows_where_a_refused_redirect_pointed(archive_from_loopback):
    archive_from_loopback.route("/", redirect("http:%5C%5C127.0.0.2/admin", status=301))

    error = failure(archive_from_loopback.url("/"))

    assert error.redirects == [
        Hop(archive_from_loopback.url("/"), 301, "http:%5C%5C127.0.0.2/admin")
    ]
