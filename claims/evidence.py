"""The claim page's "the original has changed since we checked it" notice, from the health
of an appearance's source and the archived copy it was compared with."""

import datetime
from dataclasses import dataclass

from sources.health import baselines
from sources.models import Source


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
    source = appearance.source
    if source.health not in (Source.Health.CHANGED, Source.Health.GONE):
        return None
    capture = (
        baselines(appearance.source_id, source.accepted_capture_id)
        .only("pk", "finished_at")
        .first()
    )
    if capture is None:
        return None
    return ChangedNotice(
        health=source.health, capture_id=capture.pk, archived_at=capture.finished_at
    )
