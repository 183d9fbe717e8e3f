"""Fetching a cited page for the archive, safely.

Anyone who can cite a URL can point the archiver at it, so every fetch is treated as hostile:
only http(s) on allowed ports, no credentials, the host resolved once with every address
checked, the connection made to the checked address (so DNS rebinding cannot swap it), each
redirect hop checked the same way, and the body streamed to disk under a size cap and a total
deadline. Failures are FetchErrors carrying a Capture error code and a sentence for a
researcher.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import hashlib
import ipaddress
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

from ..models import Capture

ErrorCode = Capture.ErrorCode

DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
# Only encodings the standard library can undo, for whoever extracts text from the body.
ACCEPT_ENCODING = "gzip, deflate"
# The capture records where the fetch ended in a column this wide. A shortened address would
# name another page (and a revisit record would point at it), so a longer one is refused.
MAX_URL_LENGTH = Capture._meta.get_field("final_url").max_length

_METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
_SHARED_NETWORK = ipaddress.ip_network("100.64.0.0/10")
_NAT64_NETWORK = ipaddress.ip_network("64:ff9b::/96")

_E = TypeVar("_E", bound=BaseException)


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


@dataclass
class FetchResult:
    """A fetched page: what was sent and received, and the payload in a temporary file."""

    url: str
    final_url: str
    redirects: list[Hop]
    status: int
    reason: str
    http_version: str
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    ip_address: str
    body_path: Path
    size: int
    sha256: str
    content_type: str = field(default="")

    def cleanup(self) -> None:
        self.body_path.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cleanup()


def resolve(host: str, port: int) -> list[str]:
    """Return the addresses `host` resolves to, as the operating system resolves it.

    The one place the archiver looks a name up. getaddrinfo also turns the numeric spellings
    of an address (2130706433, 0177.0.0.1, 0x7f.1, 127.1) into the address they mean.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_address(ip: str) -> None:
    """Raise FetchError(blocked_address) unless `ip` is public or in ARCHIVE_ALLOWED_NETWORKS."""
    reason = _refusal(ip)
    if reason:
        raise FetchError(
            ErrorCode.BLOCKED_ADDRESS,
            f"The address {ip} is {reason}; only public web addresses can be archived.",
        )


def fetch(url: str) -> FetchResult:
    """Fetch `url`, following redirects by hand, into a temporary file; raise FetchError."""
    redirects: list[Hop] = []
    try:
        with _Deadline(float(settings.ARCHIVE_TIMEOUT)) as deadline:
            return _follow(url, redirects, deadline)
    except FetchError as exc:
        exc.redirects = list(redirects)
        raise


def _follow(url: str, redirects: list[Hop], deadline: _Deadline) -> FetchResult:
    current = url
    seen = {url}
    while True:
        target = _Target.parse(current)
        ip = _checked_address(target)
        with _client() as client:
            request = _build_request(client, target, ip, deadline)
            try:
                response = client.send(request, stream=True)
            except httpx.HTTPError as exc:
                raise _translate(exc, target, deadline, mid_body=False) from exc
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    next_url = _redirect_target(current, location, target)
                    hop = Hop(url=current, status=response.status_code, location=next_url)
                    _check_redirect(hop, seen, len(redirects))
                    redirects.append(hop)
                    seen.add(next_url)
                    current = next_url
                    continue
                if response.status_code >= 400:
                    raise _status_error(response, target)
                return _download(url, current, redirects, target, ip, request, response, deadline)
            finally:
                response.close()


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) form: what is resolved and what TLS verifies
    port: int
    path: str

    @classmethod
    def parse(cls, url: str) -> _Target:
        if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
            raise _bad_url("The address contains spaces or control characters; copy it again.")
        try:
            parts = urlsplit(url)
            explicit_port = parts.port
        except ValueError as exc:
            raise _bad_url(f"This is not a valid web address ({exc}).") from exc
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            shown = f'"{scheme}:"' if scheme else "no scheme"
            raise _bad_url(
                f"Only http and https addresses can be archived, and this one has {shown}."
            )
        if parts.username is not None or parts.password is not None:
            raise _bad_url(
                "The address contains a user name or password; archive the page's public "
                "address without them."
            )
        if not parts.hostname:
            raise _bad_url("The address has no host name; check that it was copied in full.")
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise _bad_url(f"The host name {parts.hostname} is not a valid domain name.") from exc
        port = explicit_port or DEFAULT_PORTS[scheme]
        allowed_ports = [int(p) for p in settings.ARCHIVE_ALLOWED_PORTS]
        if port not in allowed_ports:
            names = [str(p) for p in allowed_ports]
            listed = " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))
            raise FetchError(
                ErrorCode.BLOCKED_ADDRESS,
                f"The address uses port {port}, and the archiver only connects to "
                f"{'port' if len(names) == 1 else 'ports'} {listed or 'none'}; "
                "archive the page's address on a standard port.",
            )
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        return cls(url=url, scheme=scheme, host=host, port=port, path=path)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.port != DEFAULT_PORTS[self.scheme]:
            host = f"{host}:{self.port}"
        return host


def _bad_url(message: str) -> FetchError:
    return FetchError(ErrorCode.BAD_URL, message)


def _redirect_target(current: str, location: str, target: _Target) -> str:
    try:
        return urljoin(current, location.strip())
    except ValueError as exc:
        shown = location if len(location) <= 200 else f"{location[:200]}…"
        raise _bad_url(
            f"The server at {target.host} redirected to {shown!r}, which is not a valid web "
            f"address ({exc}); open the page in a browser to find its real address and "
            "archive that."
        ) from exc


def _check_redirect(hop: Hop, seen: set[str], followed: int) -> None:
    if len(hop.location) > MAX_URL_LENGTH:
        raise _bad_url(
            f"The address redirected to one {len(hop.location):,} characters long (it starts "
            f"{hop.location[:100]}…), longer than the {MAX_URL_LENGTH:,} the archive can "
            "record; archive a shorter address for the same page, if it has one."
        )
    if hop.location in seen:
        raise FetchError(
            ErrorCode.TOO_MANY_REDIRECTS,
            f"The address redirects in a loop ({hop.url} leads back to {hop.location}); "
            "open it in a browser to find the page's real address and archive that.",
        )
    limit = int(settings.ARCHIVE_MAX_REDIRECTS)
    if followed >= limit:
        raise FetchError(
            ErrorCode.TOO_MANY_REDIRECTS,
            f"The address redirected more than {limit} times (next to {hop.location}); "
            "archive the page's final address instead.",
        )


def _checked_address(target: _Target) -> str:
    """Resolve the host once, refuse it if ANY address is refused, and return the first."""
    try:
        addresses = resolve(target.host, target.port)
    except (OSError, UnicodeError) as exc:
        again = isinstance(exc, socket.gaierror) and exc.errno == socket.EAI_AGAIN
        raise FetchError(
            ErrorCode.DNS,
            f"The host name {target.host} could not be found; check the address for typos, "
            "or whether the site still exists.",
            transient=again,
        ) from exc
    if not addresses:
        raise FetchError(
            ErrorCode.DNS, f"The host name {target.host} has no addresses to connect to."
        )
    # Every address, not just the first: a name answering with one public and one internal
    # address is an attempt to reach the internal one.
    for ip in addresses:
        reason = _refusal(ip)
        if reason:
            if ip == target.host:
                where = f"The address {ip} is {reason}"
            else:
                where = f"The host name {target.host} resolves to {ip}, {reason}"
            raise FetchError(
                ErrorCode.BLOCKED_ADDRESS,
                f"{where}; the archiver refuses internal addresses, so only public web "
                "pages can be archived.",
            )
    return addresses[0]


def _refusal(ip: str) -> str:
    """Why `ip` may not be connected to, or "" if it may."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "not an IP address"
    for network in settings.ARCHIVE_ALLOWED_NETWORKS:
        if address in ipaddress.ip_network(network, strict=False):
            return ""
    if isinstance(address, ipaddress.IPv6Address):
        address = ipaddress.IPv6Address(int(address))  # drops a %scope suffix
        wrapped, form = _embedded_ipv4(address)
        if wrapped is not None:
            inner = _refusal(str(wrapped))
            return f"{form} of {wrapped}, {inner}" if inner else ""
        if address.teredo:
            return "a Teredo tunnel address, whose real destination cannot be checked"
    return _category(address)


def _embedded_ipv4(
    address: ipaddress.IPv6Address,
) -> tuple[ipaddress.IPv4Address | None, str]:
    if address.ipv4_mapped:
        return address.ipv4_mapped, "an IPv4-mapped form"
    if address.sixtofour:
        return address.sixtofour, "a 6to4 form"
    if address in _NAT64_NETWORK:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF), "a NAT64 form"
    return None, ""


def _category(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_loopback:
        return "a loopback address (the archiver's own machine)"
    if address in _METADATA_ADDRESSES:
        return "the cloud metadata address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED_NETWORK:
        return "a shared carrier-grade NAT address"
    if address.is_private:
        return "a private network address"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "a site-local address"
    # is_global misses multicast and reserved ranges on Python 3.11, hence the explicit tests.
    if address.is_reserved or not address.is_global:
        return "a reserved or special-purpose address"
    return ""


@functools.lru_cache(maxsize=4)
def _ssl_context(ca_bundle: str) -> ssl.SSLContext:
    # Loading a CA bundle costs milliseconds; one context serves every fetch.
    if ca_bundle:
        return ssl.create_default_context(cafile=ca_bundle)
    return httpx.create_ssl_context()


def _client() -> httpx.Client:
    # A new client per hop: connections are pooled by address, and a connection verified
    # for one host name must not be reused for another host on the same address.
    # trust_env=False: a proxy from the environment would make the connection, not us.
    return httpx.Client(
        verify=_ssl_context(getattr(settings, "ARCHIVE_CA_BUNDLE", "") or ""),
        trust_env=False,
        follow_redirects=False,
    )


def _build_request(
    client: httpx.Client, target: _Target, ip: str, deadline: _Deadline
) -> httpx.Request:
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
        raise _bad_url(f"This is not a valid web address ({exc}).") from exc


def _download(
    url: str,
    final_url: str,
    redirects: list[Hop],
    target: _Target,
    ip: str,
    request: httpx.Request,
    response: httpx.Response,
    deadline: _Deadline,
) -> FetchResult:
    cap = int(settings.ARCHIVE_MAX_BYTES)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_large(target, cap, declared=int(declared))
    digest = hashlib.sha256()
    size = 0
    body = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept after closing, on success
        prefix="claimtrail-fetch-", suffix=".body", delete=False
    )
    path = Path(body.name)
    try:
        with body:
            try:
                # Raw: the payload as the server sent it (content-encoding kept), which is
                # what the archive stores; chunked transfer coding is already removed.
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > cap:
                        raise _too_large(target, cap)
                    digest.update(chunk)
                    body.write(chunk)
                    if deadline.remaining() <= 0:
                        raise deadline.error(target)
            except httpx.HTTPError as exc:
                raise _translate(exc, target, deadline, mid_body=True) from exc
        # The deadline ends a stalled read by shutting the socket, which a close-delimited
        # body cannot tell apart from its end.
        if deadline.fired:
            raise deadline.error(target)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FetchResult(
        url=url,
        final_url=final_url,
        redirects=list(redirects),
        status=response.status_code,
        reason=_reason(response),
        http_version=response.http_version,
        request_headers=_decoded(request.headers.raw),
        response_headers=_decoded(response.headers.raw),
        ip_address=ip,
        body_path=path,
        size=size,
        sha256=digest.hexdigest(),
        content_type=response.headers.get("content-type", ""),
    )


def _decoded(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw]


def _reason(response: httpx.Response) -> str:
    if response.reason_phrase:
        return response.reason_phrase
    try:
        return HTTPStatus(response.status_code).phrase
    except ValueError:
        return ""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"


def _too_large(target: _Target, cap: int, declared: int | None = None) -> FetchError:
    said = f" (it declares {_megabytes(declared)})" if declared is not None else ""
    return FetchError(
        ErrorCode.TOO_LARGE,
        f"The page at {target.host} is larger than the archiving limit of "
        f"{_megabytes(cap)}{said}; archive a smaller page or ask an administrator to raise "
        "the limit.",
    )


def _status_error(response: httpx.Response, target: _Target) -> FetchError:
    status = response.status_code
    answered = f"The server at {target.host} answered {status} {_reason(response)}".rstrip()
    retry_after = None
    if status in (429, 503):
        retry_after = _retry_after(response.headers.get("retry-after", ""))
    if status == 429:
        wait = f"wait {retry_after:g} seconds" if retry_after is not None else "wait"
        message = f"{answered}: it asks the archiver to {wait} before trying again."
    elif status >= 500:
        message = f"{answered}, an error on its side; trying again later may work."
    elif status in (404, 410):
        message = (
            f"{answered}: the page is not there (any more); check the address, or look for "
            "the page in another web archive."
        )
    else:
        message = (
            f"{answered}, so there is no page to archive; check that the address opens in a "
            "browser without logging in."
        )
    return FetchError(
        ErrorCode.HTTP_STATUS,
        message,
        transient=status >= 500 or status == 429,
        retry_after=retry_after,
        http_status=status,
    )


def _retry_after(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _translate(
    exc: httpx.HTTPError, target: _Target, deadline: _Deadline, *, mid_body: bool
) -> FetchError:
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


class _Deadline:
    """The total time a fetch may take, across every hop.

    httpx timeouts apply to each operation, so a server that dribbles a byte at a time never
    trips them; when the total runs out, a timer shuts the socket in use, which ends whatever
    read or handshake is waiting on it.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._stream: Any = None
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return self._ends - time.monotonic()

    def timeouts(self, target: _Target) -> httpx.Timeout:
        left = self.remaining()
        if left <= 0:
            raise self.error(target)
        return httpx.Timeout(left)

    def error(self, target: _Target) -> FetchError:
        return FetchError(
            ErrorCode.TIMEOUT,
            f"The server at {target.host} did not finish sending the page within "
            f"{self.seconds:g} seconds; it may be slow or overloaded, so try again later.",
            transient=True,
        )

    def trace(self, event: str, info: dict[str, Any]) -> None:
        # httpcore reports each new connection (and its TLS wrapper) here.
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            with self._lock:
                self._stream = info.get("return_value")
                if self.fired:
                    self._shut()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shut()

    def _shut(self) -> None:
        sock = self._stream.get_extra_info("socket") if self._stream is not None else None
        if sock is None:
            return
        # OSError: already closed, as the fetch finished when the deadline came.
        with contextlib.suppress(OSError):
            # The plain socket's shutdown even on a TLS socket: SSLSocket.shutdown would
            # unwrap it under the reading thread's feet.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
