"""Writes to a source's link health: recording what its captures now say, and accepting a
change a person has reviewed as the baseline health compares with."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from ..health import health_after
from ..models import Capture, Source
from ..signals import announce, change_accepted

Status = Capture.Status


def source_update_from_captures(*, source_id: int) -> None:
    """Record what the source's captures now say: its health and its latest good copy.

    The source's row is locked first, so a capture finishing while a researcher accepts a
    change waits for the acceptance (or the acceptance for it) and compares with the
    baseline then current: neither write is lost.
    """
    with transaction.atomic():
        accepted_id = (
            Source.objects.select_for_update()
            .filter(pk=source_id)
            .values_list("accepted_capture_id", flat=True)
            .first()
        )
        latest_good = (
            Capture.objects.filter(source_id=source_id, status=Status.SUCCEEDED)
            .order_by("-finished_at", "-pk")
            .values("pk")[:1]
        )
        Source.objects.filter(pk=source_id).update(
            health=health_after(source_id, accepted_id=accepted_id),
            health_checked_at=timezone.now(),
            archived_copy=Subquery(latest_good),
        )


class ChangeNotAccepted(ValidationError):
    """Accepting a source's change was refused; the message says why and what to do instead.

    A ValidationError, as claims' WorkflowError is, so forms can show it as it is; `field`
    names the form field it is about, where there is one.
    """

    code = "change_not_accepted"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code=self.code)
        self.field = field

    def __str__(self) -> str:
        return self.message


def source_accept_change(*, source: Source, by, note: str, seen_capture_id: int) -> Source:
    """Accept a changed source's latest good capture as the baseline its health compares
    with, recording who did and why; its health is then recomputed (ok, until the text
    changes again).

    seen_capture_id is the latest good capture as the person saw it: when a newer one has
    finished since, they have not reviewed it, and the acceptance is refused.
    """
    note = note.strip()
    if not note:
        raise ChangeNotAccepted(
            "Write a note: what changed, and why it does not matter to the claims resting "
            "on this source.",
            field="note",
        )
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        if locked.health != Source.Health.CHANGED:
            raise ChangeNotAccepted(
                f"“{locked}” is not marked changed (its link health is "
                f"{locked.get_health_display().lower()}), so there is no change to accept."
            )
        # archived_copy is the latest good capture, kept with health under the same lock.
        if locked.archived_copy_id != seen_capture_id:
            raise ChangeNotAccepted(
                "A newer copy of this source was captured after the one you reviewed; look "
                "at its difference and accept it again."
            )
        locked.accepted_capture_id = locked.archived_copy_id
        locked.change_accepted_by = by
        locked.change_accepted_at = timezone.now()
        locked.change_note = note
        locked.save(
            update_fields=[
                "accepted_capture",
                "change_accepted_by",
                "change_accepted_at",
                "change_note",
                "updated_at",
            ]
        )
        source_update_from_captures(source_id=locked.pk)
        transaction.on_commit(
            lambda: announce(
                change_accepted,
                Source,
                f"a change to source {locked.pk} was accepted",
                source=locked,
            )
        )
    locked.refresh_from_db()
    return locked
