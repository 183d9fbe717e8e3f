"""FetchError itself (sources.fetch.errors)."""

import pickle

from sources.fetch import FetchError, Hop


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
