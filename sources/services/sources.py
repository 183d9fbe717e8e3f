"""Adding a source: one per normalised URL, queued for capture when it is new."""

from django.db import transaction

from ..models import Source
from ..urlnorm import normalize_url
from .captures import capture_request


def source_create(*, url: str, by=None, send: bool = True, **fields) -> tuple[Source, bool]:
    """The source for url, created with fields if new; a new source is queued for capture."""
    with transaction.atomic():
        source, created = Source.objects.get_or_create(
            url=normalize_url(url), defaults={**fields, "created_by": by}
        )
        if created:
            capture_request(source=source, send=send)
    return source, created
