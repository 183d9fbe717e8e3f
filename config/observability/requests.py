"""A request id for every request: the one a proxy in front sent, when it is well formed,
else a new one; bound to every log line the request writes and returned as X-Request-ID."""

import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

import structlog
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

HEADER = "X-Request-ID"
# What proxies and load balancers send (UUIDs, hex, base64url-ish tokens), and nothing that
# could break a log line or a header: no spaces, quotes, line breaks or markup.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")

log = structlog.get_logger("claimtrail.requests")

_request: ContextVar[HttpRequest | None] = ContextVar("claimtrail_request", default=None)


def request_id_from(incoming: str | None) -> str:
    """The incoming id when it is well formed, else a new one; never the incoming value
    changed, so a log search for the proxy's id finds exactly its request or nothing."""
    if incoming and WELL_FORMED.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def user_id_of(request: HttpRequest) -> int | None:
    """The id of the user the request was authenticated as, if anything has looked.

    The user is read only once something else has read it (the admin, a view, DRF's
    authentication, which sets request.user too), so logging never costs a query.
    """
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = user._wrapped
        if user is empty:
            return None
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def add_user_id(logger, method_name: str, event_dict: dict) -> dict:
    """A structlog processor: the current request's user id, when known."""
    request = _request.get()
    if request is not None and "user_id" not in event_dict:
        user_id = user_id_of(request)
        if user_id is not None:
            event_dict["user_id"] = user_id
    return event_dict


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every line of the request, and every response, carries it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER)
        request.request_id = request_id_from(incoming)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request.request_id)
        token = _request.set(request)
        started = time.monotonic()
        try:
            if incoming and incoming != request.request_id:
                log.info("request id refused", refused_length=len(incoming))
            response = self.get_response(request)
            response[HEADER] = request.request_id
            log.info(
                "request",
                method=request.method,
                path=request.path,
                status=response.status_code,
                ms=round((time.monotonic() - started) * 1000, 1),
            )
            return response
        finally:
            _request.reset(token)
            structlog.contextvars.clear_contextvars()
