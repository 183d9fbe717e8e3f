"""How a fetch fails: a FetchError with a Capture error code, a sentence for a researcher
and whether to retry, and the redirect hops followed before it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models import Capture

ErrorCode = Capture.ErrorCode


@dataclass(frozen=True)
class Hop:
    """One redirect: the URL asked for, the status it answered, and the absolute URL it named."""

    url: str
    status: int
    location: str


class FetchError(Exception):
    """A fetch that did not produce a page, with a code, a sentence, and whether to retry."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        transient: bool = False,
        retry_after: float | None = None,
        http_status: int | None = None,
        redirects: list[Hop] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.transient = transient
        self.retry_after = retry_after
        self.http_status = http_status
        self.redirects = list(redirects or [])

    @property
    def blocked(self) -> bool:
        return self.code == ErrorCode.BLOCKED_ADDRESS

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes survive pickling (a worker may hand the error on).
        return (type(self), (self.code, self.message), self.__dict__)


def bad_url(message: str) -> FetchError:
    """A FetchError for an address the archiver cannot fetch as written."""
    return FetchError(ErrorCode.BAD_URL, message)
