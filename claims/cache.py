"""The public pages' cache: one "public content version" for everything anonymous readers see.

Every cached page and every ETag carries the version. The services that change what readers
see (publishing, correcting, unpublishing) bump it once their transaction commits, so every
page is fresh at once without anyone listing which pages a change touches. Pages are cheap
to render again; knowing exactly which ones went stale is not.

The cache must be one every process shares (Redis, or the embedded cache's folder on one
machine): the worker, the web processes and the commands all bump the version, and a bump
only one process saw would leave the others serving stale pages under an unchanged ETag.
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import etag

from .evidence import public_source_ids

VERSION_KEY = "claimtrail:public-version"


def content_version() -> str:
    """The current version of public content; made on first use, kept until bumped."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # add(), not set(): two processes starting at once agree on one version.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def public_content_changed() -> None:
    """Mark every public page stale once the current transaction commits.

    On commit, so a reader who fetches a page between the bump and the commit cannot put the
    old content back in the cache under the new version.
    """
    transaction.on_commit(bump_content_version)


def _source_changed(source_id: int) -> None:
    if public_source_ids().filter(pk=source_id).exists():
        public_content_changed()


def on_capture_finished(sender, *, capture, **kwargs) -> None:
    """A capture of a source that public pages show changes its archived-copy link, its
    quote check or its "the original has changed" notice."""
    _source_changed(capture.source_id)


def on_change_accepted(sender, *, source, **kwargs) -> None:
    """An accepted change takes the "original has changed" notice off the source's claims."""
    _source_changed(source.pk)


def _page_key(request: HttpRequest, version: str) -> str:
    # Pages carry absolute URLs (canonical, Open Graph, ClaimReview): one host's or scheme's
    # copy must not answer another's.
    address = request.build_absolute_uri(request.get_full_path())
    return f"claimtrail:page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public view from the cache, with the content version as its ETag.

    A request whose If-None-Match holds the current version gets 304 without rendering or
    reading the cache. Pages are the same for every reader (they show nothing about the
    user), so one cached copy serves all.
    """

    @etag(lambda request, *args, **kwargs: content_version())
    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # 0 seconds turns the page cache off; the ETag still answers conditional requests.
        keep = settings.CLAIMTRAIL_PAGE_CACHE_SECONDS > 0
        key = _page_key(request, content_version())
        cached = cache.get(key) if keep else None
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if keep and response.status_code == 200 and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                cache.set(
                    key,
                    (response.content, response["Content-Type"]),
                    timeout=settings.CLAIMTRAIL_PAGE_CACHE_SECONDS,
                )
        # Browsers and proxies may keep the page but must ask again each time; the ETag
        # makes asking cheap.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return cached_view
