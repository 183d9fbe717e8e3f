"""The claim page's "the original has changed since we checked it" notice, from the health
of an appearance's source and the archived copy it was compared with."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, OuterRef, Subquery, When

from sources.health import baselines
from sources.models import Capture, Source

_NOTICED = (Source.Health.CHANGED, Source.Health.GONE)


@dataclass(frozen=True)
class ChangedNotice:
    """What a claim page says when the article has changed or gone since we archived it."""

    health: str
    capture_id: int
    archived_at: datetime.datetime


def original_changed(appearance) -> ChangedNotice | None:
    """The notice for the source an appearance is in, or None while it is as we archived it
    (or a researcher has accepted how it changed).

    The copy named is the one health compares with, "since we checked it": the copy whose
    change was last accepted, else the first good copy. Reads appearance.source:
    select_related it where appearances are listed; one more query when there is a notice.
    """
    return original_changed_notices([appearance]).get(appearance.source_id)


def original_changed_notices(appearances: Iterable) -> dict[int, ChangedNotice]:
    """original_changed for many appearances at once, by source id, for a page that lists
    them: one query for every source that changed or went, none when none did."""
    health = {
        appearance.source_id: appearance.source.health
        for appearance in appearances
        if appearance.source.health in _NOTICED
    }
    if not health:
        return {}

    def baseline(accepted) -> Subquery:
        return Subquery(baselines(OuterRef("pk"), accepted).values("pk")[:1])

    compared_with = (
        Source.objects.filter(pk__in=health)
        .annotate(
            baseline=Case(
                When(accepted_capture__isnull=True, then=baseline(None)),
                default=baseline(OuterRef("accepted_capture_id")),
            )
        )
        .values("baseline")
    )
    copies = Capture.objects.filter(pk__in=compared_with).values_list(
        "pk", "source_id", "finished_at"
    )
    return {
        source_id: ChangedNotice(health=health[source_id], capture_id=pk, archived_at=archived_at)
        for pk, source_id, archived_at in copies
    }
