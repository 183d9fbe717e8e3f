"""The public content version: one value that changes whenever what readers see changes.

Every cached page and every ETag carries the version. Whatever changes what readers see
calls `public_content_changed()`, which bumps it once the transaction commits, so every page
is fresh at once without anyone listing which pages a change touches. Pages are cheap to
render again; knowing exactly which ones went stale is not.

The version lives in the default cache, which every process shares (Redis, or the embedded
cache's folder on one machine): the worker, the web processes and the commands all bump it,
and a bump only one process saw would leave the others serving stale pages under an
unchanged ETag.

While the cache is away there is no version: pages are served uncached and without an ETag,
and a bump is lost. The version therefore lives an hour at most, so a bump lost in an outage
leaves browsers revalidating against an old ETag for that long, not for ever.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "claimtrail:public-version"
VERSION_SECONDS = 3600


def content_version() -> str | None:
    """The current version of public content, made on first use and kept until bumped or
    an hour old; None while the cache does not answer."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # add(), not set(): two processes starting at once agree on one version.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=VERSION_SECONDS)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=VERSION_SECONDS)


def public_content_changed() -> None:
    """Mark every public page stale once the current transaction commits.

    On commit, so a reader who fetches a page between the bump and the commit cannot put the
    old content back in the cache under the new version.
    """
    transaction.on_commit(bump_content_version)
