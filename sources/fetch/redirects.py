"""The fetch itself, hop by hop: each answer is a redirect to check and follow by hand, an
error status to report, or the page to read."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

from ..models import Capture
from .addresses import DEFAULT_PORTS, Target, checked_address
from .body import FetchResult, download, reason_phrase
from .deadline import Deadline
from .errors import ErrorCode, FetchError, Hop, bad_url
from .transport import build_request, new_client, translate_error

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# The capture records where the fetch ended in a column this wide. A shortened address would
# name another page (and a revisit record would point at it), so a longer one is refused.
MAX_URL_LENGTH = Capture._meta.get_field("final_url").max_length


def fetch(url: str) -> FetchResult:
    """Fetch `url`, following redirects by hand, into a temporary file; raise FetchError."""
    redirects: list[Hop] = []
    try:
        with Deadline(float(settings.ARCHIVE_TIMEOUT)) as deadline:
            return _follow(url, redirects, deadline)
    except FetchError as exc:
        exc.redirects = list(redirects)
        raise


def _follow(url: str, redirects: list[Hop], deadline: Deadline) -> FetchResult:
    current = url
    seen = {url}
    while True:
        target = Target.parse(current)
        ip = checked_address(target)
        with new_client() as client:
            request = build_request(client, target, ip, deadline)
            response = _send(client, request, target, deadline)
            try:
                if response.status_code in REDIRECT_STATUSES:
                    try:
                        next_url = _redirect_target(current, response, target)
                    except FetchError:
                        # The chain shows where the refused redirect pointed, as sent.
                        location = response.headers.get("location", "")[:MAX_URL_LENGTH]
                        redirects.append(Hop(current, response.status_code, location))
                        raise
                    hop = Hop(url=current, status=response.status_code, location=next_url)
                    _check_redirect(hop, seen, len(redirects))
                    redirects.append(hop)
                    seen.add(next_url)
                    current = next_url
                    continue
                if response.status_code >= 400:
                    raise _status_error(response, target)
                return download(url, current, redirects, target, ip, request, response, deadline)
            finally:
                response.close()


def _send(
    client: httpx.Client, request: httpx.Request, target: Target, deadline: Deadline
) -> httpx.Response:
    """The response's status and headers, its body still unread."""
    received: list[httpx.Response] = []
    client.event_hooks = {"response": [received.append]}
    try:
        return client.send(request, stream=True)
    except (httpx.InvalidURL, httpx.RemoteProtocolError, UnicodeError) as exc:
        # httpx parses a redirect's Location even when it is not to follow it, and raises
        # on one it cannot read; the response had arrived, and the archiver judges its
        # Location itself (a bad one is the page's fault, not the archiver's).
        if received and received[0].status_code in REDIRECT_STATUSES:
            return received[0]
        if isinstance(exc, httpx.HTTPError):
            raise translate_error(exc, target, deadline, mid_body=False) from exc
        raise
    except httpx.HTTPError as exc:
        raise translate_error(exc, target, deadline, mid_body=False) from exc


def _redirect_target(current: str, response: httpx.Response, target: Target) -> str:
    """The absolute URL a redirect names, or FetchError(bad_url) when it names none."""
    location = response.headers.get("location", "").strip(" ")
    next_url, problem = _resolve_location(current, location)
    if problem:
        answered = f"{response.status_code} {reason_phrase(response)}".rstrip()
        raise bad_url(
            f"The server at {target.host} answered {answered}, a redirect, {problem}; open "
            "the page in a browser to find its real address and archive that."
        )
    return next_url


def _resolve_location(current: str, location: str) -> tuple[str, str]:
    """(the absolute URL, "") for a Location the archiver can follow, else ("", why not)."""
    if not location:
        return "", "without saying where to (its Location header is empty)"
    shown = repr(location if len(location) <= 200 else f"{location[:200]}…")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in location):
        return "", f"to {shown}, which contains spaces or control characters"
    # Browsers read a backslash (some an escaped one too) as a slash, so such an address
    # leads them to another host than the one it names here.
    if "\\" in location or "%5c" in location.lower():
        return "", f"to {shown}, whose backslashes browsers read as slashes"
    try:
        if urlsplit(location).scheme.lower() in DEFAULT_PORTS and "//" not in location:
            return "", f"to {shown}, which names no host"
        next_url = urljoin(current, location)
        Target.parse(next_url)
    except ValueError as exc:
        return "", f"to {shown}, which is not a valid web address ({exc})"
    except FetchError as exc:
        if exc.code != ErrorCode.BAD_URL:
            raise  # a refused port: blocked, as for any address
        first = exc.message.split("; ")[0].rstrip(".")
        return "", f"to {shown}, which cannot be archived ({first[:1].lower()}{first[1:]})"
    return next_url, ""


def _check_redirect(hop: Hop, seen: set[str], followed: int) -> None:
    if len(hop.location) > MAX_URL_LENGTH:
        raise bad_url(
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


def _status_error(response: httpx.Response, target: Target) -> FetchError:
    status = response.status_code
    answered = f"The server at {target.host} answered {status} {reason_phrase(response)}".rstrip()
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
