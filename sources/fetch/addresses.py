"""What the archiver may connect to: the URL's scheme, credentials and port, and every
address its host resolves to (internal ranges refused, unless ARCHIVE_ALLOWED_NETWORKS opens
them)."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from .errors import ErrorCode, FetchError, bad_url

DEFAULT_PORTS = {"http": 80, "https": 443}

_METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
_SHARED_NETWORK = ipaddress.ip_network("100.64.0.0/10")
_NAT64_NETWORK = ipaddress.ip_network("64:ff9b::/96")


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


@dataclass(frozen=True)
class Target:
    """One hop's URL, taken apart once its scheme, credentials and port have been checked."""

    url: str
    scheme: str
    host: str  # ASCII (IDNA) form: what is resolved and what TLS verifies
    port: int
    path: str

    @classmethod
    def parse(cls, url: str) -> Target:
        if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
            raise bad_url("The address contains spaces or control characters; copy it again.")
        try:
            parts = urlsplit(url)
            explicit_port = parts.port
        except ValueError as exc:
            raise bad_url(f"This is not a valid web address ({exc}).") from exc
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            shown = f'"{scheme}:"' if scheme else "no scheme"
            raise bad_url(
                f"Only http and https addresses can be archived, and this one has {shown}."
            )
        if parts.username is not None or parts.password is not None:
            raise bad_url(
                "The address contains a user name or password; archive the page's public "
                "address without them."
            )
        if not parts.hostname:
            raise bad_url("The address has no host name; check that it was copied in full.")
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise bad_url(f"The host name {parts.hostname} is not a valid domain name.") from exc
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


def checked_address(target: Target) -> str:
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
