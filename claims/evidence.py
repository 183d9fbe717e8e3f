"""What the archive needs to know about claims, without sources importing claims.

`ARCHIVE_PUBLIC_SOURCES` names `public_source_ids`: the archive shows anyone the archived
copies of the sources it returns, and everything else to staff only. `original_changed` is
the claim page's "the original has changed since we checked it" notice.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from sources.models import Capture, Source

from .models import Citation, Claim, QuoteStatus


def public_source_ids() -> QuerySet:
    """Ids of the sources a published claim appeared in or cites, as a subquery."""
    public = Claim.objects.published()
    cited = Citation.objects.filter(source=OuterRef("pk"), claim__in=public)
    appeared = public.filter(appearance=OuterRef("pk"))
    return Source.objects.filter(Q(Exists(cited)) | Q(Exists(appeared))).values("pk")


@dataclass(frozen=True)
class ChangedNotice:
    """What a claim page says when the article has changed or gone since we archived it."""

    health: str
    capture_id: int
    archived_at: datetime.datetime


def original_changed(claim: Claim) -> ChangedNotice | None:
    """The notice for claim's article, or None while it is as we archived it.

    The copy named is the one the quote was verified in, else the first good copy. Reads
    claim.appearance and claim.quote_capture: select_related both where claims are listed;
    one more query only when the quote is not verified.
    """
    health = claim.appearance.health
    if health not in (Source.Health.CHANGED, Source.Health.GONE):
        return None
    capture = claim.quote_capture if claim.quote_status == QuoteStatus.VERIFIED else None
    if capture is None:
        capture = (
            Capture.objects.filter(source_id=claim.appearance_id, status=Capture.Status.SUCCEEDED)
            .order_by("finished_at", "pk")
            .only("pk", "finished_at")
            .first()
        )
    if capture is None:
        return None
    return ChangedNotice(health=health, capture_id=capture.pk, archived_at=capture.finished_at)
