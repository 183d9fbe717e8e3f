"""The public pages' cache: one "public content version" for everything anonymous readers see.

Every cached page and every ETag carries the version. The services that change what readers
see (publishing, correcting, unpublishing) bump it once their transaction commits, so every
page is fresh at once without anyone listing which pages a change touches. Pages are cheap
to render again; knowing exactly which ones went stale is not.

The version lives in the default cache, which every process shares (Redis, or the embedded
cache's folder on one machine): the worker, the web processes and the commands all bump it,
and a bump only one process saw would leave the others serving stale pages under an
unchanged ETag. Rendered pages live in the "pages" cache, under keys holding the version, so
they may be per process (embedded) without ever being served stale.
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import etag

from sources.models import Source

from .evidence import public_source_ids
from .models import Attribution, Citation, Claim, Claimant
from .public import claimants_named_publicly

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


def shown_publicly(obj: models.Model) -> bool:
    """Whether a public page shows obj, so that changing it must refresh the pages.

    A claim is shown while it has a published verdict (under correction too); its chain
    and evidence with it; a claimant a published claim names; a source a published claim
    appeared in or cites (the archive's own rule). Anything else, ratings and topics, is
    taken as shown.
    """
    match obj:
        case Claim():
            return Claim.objects.published().filter(pk=obj.pk).exists()
        case Attribution() | Citation():
            return Claim.objects.published().filter(pk=obj.claim_id).exists()
        case Claimant():
            return claimants_named_publicly().filter(pk=obj.pk).exists()
        case Source():
            return public_source_ids().filter(pk=obj.pk).exists()
    return True


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
