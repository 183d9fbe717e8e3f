"""What the archive shows to whom: the one rule every archive page and the sources API ask.

Staff who may view them see every copy and source. Everyone else sees those of the sources
that the callable named by ARCHIVE_PUBLIC_SOURCES returns (the claims app's, which sources
must not import); with none named, only staff see anything.
"""

from functools import cache

from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from config.api import is_staff_reader

from .models import Capture, Source

Status = Capture.Status


@cache
def _public_sources_rule(path: str):
    return import_string(path)


def public_source_ids_or_none() -> QuerySet | None:
    """The ids of sources whose archived copies are public, or None: staff only."""
    path = settings.ARCHIVE_PUBLIC_SOURCES
    return _public_sources_rule(path)() if path else None


def _is_archive_staff(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("sources.view_capture")


def visible_captures(user) -> QuerySet[Capture]:
    """Succeeded captures user may see; the rule is one subquery, not a query per row."""
    captures = Capture.objects.filter(status=Status.SUCCEEDED)
    if _is_archive_staff(user):
        return captures
    public = public_source_ids_or_none()
    return captures.none() if public is None else captures.filter(source_id__in=public)


def visible_sources(user) -> QuerySet[Source]:
    """Sources user may read: all of them for a reader with the view permission, else those
    whose archived copies are public, by the same rule as the copies."""
    sources = Source.objects.all()
    if is_staff_reader(user, "sources.view_source"):
        return sources
    public = public_source_ids_or_none()
    return sources.none() if public is None else sources.filter(pk__in=public)
