"""What the fetch tests share: a host name for the stub resolver, a fetch expected to fail
with a sentence a person can act on, and the check that no temporary body is left."""

import pytest

from sources.fetch import FetchError, fetch

NAME = "news.example.org"


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
