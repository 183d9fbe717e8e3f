"""The public pages' cache: rendered pages kept under the public content version.

A page's key holds the version (`claims.freshness`), so a bump makes every cached page stale
at once. Rendered pages live in the "pages" cache, which may be per process (embedded)
without ever serving a stale page, since the version they are keyed by is shared.

A page is keyed by the query parameters it reads and no others: each view names them, and
sees only them, so `?utm_source=…` or `?junk=N` neither makes a new entry nor shows up in
the page. While the cache does not answer there is no version, and pages are rendered from
the database, without an ETag.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import etag

from ..freshness import content_version


def _page_key(request: HttpRequest, version: str) -> str:
    # Pages carry absolute URLs (canonical, Open Graph, ClaimReview): one host's or scheme's
    # copy must not answer another's.
    address = request.build_absolute_uri(request.path)
    query = request.GET.urlencode()
    digest = hashlib.sha256(f"{address}?{query}".encode()).hexdigest()
    return f"claimtrail:page:{version}:{digest}"


def _request_version(request: HttpRequest) -> str | None:
    """The content version, read once a request, so the ETag and the page's key agree."""
    if not hasattr(request, "_claimtrail_version"):
        request._claimtrail_version = content_version()
    return request._claimtrail_version


def _keep_only(request: HttpRequest, names: frozenset[str]) -> None:
    """Leave the request only the parameters the view reads, in one order, empty ones
    dropped: an empty value means what an absent one does to every form on the site. Of a
    repeated one the last value stays, the one `QueryDict.get` would have given the view."""
    kept = QueryDict(mutable=True)
    for name in sorted(names & request.GET.keys()):
        value = request.GET.get(name)
        if value:
            kept[name] = value
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def _from_cache(request: HttpRequest, view, args, kwargs, seconds: int) -> HttpResponse:
    version = _request_version(request)
    if version is None:
        return view(request, *args, **kwargs)
    pages = caches["pages"]
    key = _page_key(request, version)
    cached = pages.get(key)
    if cached is not None:
        content, content_type = cached
        return HttpResponse(content, content_type=content_type)
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming:
        if hasattr(response, "render"):
            response.render()
        pages.set(key, (response.content, response["Content-Type"]), timeout=seconds)
    return response


@contextmanager
def _statement_deadline() -> Iterator[None]:
    """On PostgreSQL, the statements inside are cancelled past the page's deadline
    (CLAIMTRAIL_PAGE_STATEMENT_TIMEOUT_MS), in a read transaction of their own so the
    setting ends with it. Set on the driver's connection, not through Django's cursor: it
    is no query of the page's, and the tests that count a page's queries count its reads."""
    milliseconds = settings.CLAIMTRAIL_PAGE_STATEMENT_TIMEOUT_MS
    if connection.vendor != "postgresql" or milliseconds <= 0 or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        connection.ensure_connection()
        connection.connection.execute(
            "SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)]
        )
        yield


def _within_deadline(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def rendered(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with _statement_deadline():
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    return rendered


def _too_slow(request: HttpRequest, error: OperationalError) -> HttpResponse | None:
    """The page for a statement PostgreSQL cancelled at the deadline; None for any other
    database error, which is not the reader's to work around."""
    if getattr(error.__cause__, "sqlstate", None) != "57014":  # query_canceled
        return None
    response = render(request, "claims/too_slow.html", status=503)
    response["Retry-After"] = "30"
    return response


def public_page(
    view: Callable[..., HttpResponse] | None = None, *, query: Iterable[str] = ()
) -> Callable:
    """Serve a public view from the cache, with the content version as its ETag.

    `query` names the parameters the view reads; it is given no others. A request whose
    If-None-Match holds the current version gets 304 without rendering or reading the
    cache. Pages are the same for every reader (they show nothing about the user), so one
    cached copy serves all. Use as `@public_page` or `@public_page(query=[...])`.
    """
    names = frozenset(query)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @etag(lambda request, *args, **kwargs: _request_version(request))
        @wraps(view)
        def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            _keep_only(request, names)
            seconds = settings.CLAIMTRAIL_PAGE_CACHE_SECONDS
            try:
                if seconds <= 0:
                    # The page cache is off; the ETag still answers conditional requests.
                    response = _within_deadline(view)(request, *args, **kwargs)
                else:
                    # The deadline's transaction only where a page is rendered: a cached
                    # page costs no round trip to the database.
                    response = _from_cache(request, _within_deadline(view), args, kwargs, seconds)
            except OperationalError as error:
                response = _too_slow(request, error)
                if response is None:
                    raise
            # Browsers and proxies may keep the page but must ask again each time; the ETag
            # makes asking cheap.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            return response

        return cached_view

    return decorate if view is None else decorate(view)
