"""The public pages' cache: rendered pages kept under the public content version.

A page's key holds the version (`claims.freshness`), so a bump makes every cached page stale
at once. Rendered pages live in the "pages" cache, which may be per process (embedded)
without ever serving a stale page, since the version they are keyed by is shared.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import etag

from ..freshness import content_version


def _page_key(request: HttpRequest, version: str) -> str:
    # Pages carry absolute URLs (canonical, Open Graph, ClaimReview): one host's or scheme's
    # copy must not answer another's.
    address = request.build_absolute_uri(request.get_full_path())
    return f"claimtrail:page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def _request_version(request: HttpRequest) -> str:
    """The content version, read once a request, so the ETag and the page's key agree."""
    version = getattr(request, "_claimtrail_version", None)
    if version is None:
        version = request._claimtrail_version = content_version()
    return version


def _from_cache(request: HttpRequest, view, args, kwargs, seconds: int) -> HttpResponse:
    pages = caches["pages"]
    key = _page_key(request, _request_version(request))
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


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public view from the cache, with the content version as its ETag.

    A request whose If-None-Match holds the current version gets 304 without rendering or
    reading the cache. Pages are the same for every reader (they show nothing about the
    user), so one cached copy serves all.
    """

    @etag(lambda request, *args, **kwargs: _request_version(request))
    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.CLAIMTRAIL_PAGE_CACHE_SECONDS
        if seconds <= 0:
            # The page cache is off; the ETag still answers conditional requests.
            response = view(request, *args, **kwargs)
        else:
            response = _from_cache(request, view, args, kwargs, seconds)
        # Browsers and proxies may keep the page but must ask again each time; the ETag
        # makes asking cheap.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return cached_view
