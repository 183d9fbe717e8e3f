"""The connection to the checked address: one httpx client per hop, a request naming the
address while Host, SNI and TLS verification carry the host name, and httpx's failures
turned into FetchErrors."""

from __future__ import annotations

import functools
import ssl
from typing import TypeVar

import httpx
from django.conf import settings

from .addresses import Target
from .deadline import Deadline
from .errors import ErrorCode, FetchError, bad_url

ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
# Only encodings the standard library can undo, for whoever extracts text from the body.
ACCEPT_ENCODING = "gzip, deflate"

_E = TypeVar("_E", bound=BaseException)


@functools.lru_cache(maxsize=4)
def _ssl_context(ca_bundle: str) -> ssl.SSLContext:
    # Loading a CA bundle costs milliseconds; one context serves every fetch.
    if ca_bundle:
        return ssl.create_default_context(cafile=ca_bundle)
    return httpx.create_ssl_context()


def ssl_context() -> ssl.SSLContext:
    """The TLS context every fetch verifies with (ARCHIVE_CA_BUNDLE, else certifi's)."""
    return _ssl_context(getattr(settings, "ARCHIVE_CA_BUNDLE", "") or "")


def new_client() -> httpx.Client:
    """An httpx client for one hop, which never follows redirects or reads the environment."""
    # A new client per hop: connections are pooled by address, and a connection verified
    # for one host name must not be reused for another host on the same address.
    # trust_env=False: a proxy from the environment would make the connection, not us.
    return httpx.Client(
        verify=ssl_context(),
        trust_env=False,
        follow_redirects=False,
    )


def build_request(
    client: httpx.Client, target: Target, ip: str, deadline: Deadline
) -> httpx.Request:
    """The GET for target, sent to the checked address ip within what is left of deadline."""
    literal = f"[{ip.replace('%', '%25')}]" if ":" in ip else ip
    # The URL names the checked address, so httpx never resolves anything; Host and SNI carry
    # the original name, and TLS verifies the certificate against that name.
    try:
        return client.build_request(
            "GET",
            f"{target.scheme}://{literal}:{target.port}{target.path}",
            headers=[
                ("Host", target.host_header),
                ("User-Agent", settings.ARCHIVE_USER_AGENT),
                ("Accept", ACCEPT),
                ("Accept-Encoding", ACCEPT_ENCODING),
            ],
            extensions={"sni_hostname": target.host, "trace": deadline.trace},
            timeout=deadline.timeouts(target),
        )
    except httpx.InvalidURL as exc:
        raise bad_url(f"This is not a valid web address ({exc}).") from exc


def translate_error(
    exc: httpx.HTTPError, target: Target, deadline: Deadline, *, mid_body: bool
) -> FetchError:
    """The FetchError a person can act on for what httpx raised while talking to target."""
    if deadline.fired or (
        isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout)
    ):
        return deadline.error(target)
    if isinstance(exc, httpx.ConnectTimeout):
        return FetchError(
            ErrorCode.TIMEOUT,
            f"The server at {target.host} did not accept a connection in time; it may be down "
            "or overloaded, so try again later.",
            transient=True,
        )
    tls = _cause(exc, ssl.SSLError)
    if isinstance(exc, httpx.ConnectError) and tls is not None:
        detail = getattr(tls, "verify_message", "") or getattr(tls, "reason", "") or str(tls)
        detail = str(detail).rstrip(".")
        return FetchError(
            ErrorCode.TLS,
            f"The secure connection to {target.host} could not be verified ({detail}); the "
            "site's certificate is not valid for this address.",
        )
    if mid_body:
        return FetchError(
            ErrorCode.CONNECT,
            f"The server at {target.host} closed the connection mid-page, before sending all "
            "of it; trying again later may work.",
            transient=True,
        )
    if isinstance(exc, httpx.ConnectError):
        failure = _cause(exc, OSError)
        detail = (failure.strerror if failure is not None else None) or str(exc)
        return FetchError(
            ErrorCode.CONNECT,
            f"Could not connect to {target.host} on port {target.port} ({detail.lower()}); "
            "the site may be down, so try again later.",
            transient=True,
        )
    return FetchError(
        ErrorCode.CONNECT,
        f"The server at {target.host} closed the connection without answering; trying again "
        "later may work.",
        transient=True,
    )


def _cause(exc: BaseException, kind: type[_E]) -> _E | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
