"""Fetching a cited page for the archive, safely: the package's names, re-exported."""

from .redirects import (
    ACCEPT,
    ACCEPT_ENCODING,
    DEFAULT_PORTS,
    MAX_URL_LENGTH,
    REDIRECT_STATUSES,
    ErrorCode,
    FetchError,
    FetchResult,
    Hop,
    check_address,
    fetch,
    resolve,
)

__all__ = [
    "ACCEPT",
    "ACCEPT_ENCODING",
    "DEFAULT_PORTS",
    "MAX_URL_LENGTH",
    "REDIRECT_STATUSES",
    "ErrorCode",
    "FetchError",
    "FetchResult",
    "Hop",
    "check_address",
    "fetch",
    "resolve",
]
