"""Two claimants who are one person or body: merged by a reviewer, so every claim and every
hop names the one that stays, and the other's names become its other names."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from .. import visibility
from ..freshness import public_content_changed
from ..models import Attribution, Claim, Claimant, ClaimantName
from .errors import ClaimantInUse, MergeNotAllowed
from .rows import save_with_reason
from .rules import require_reviewer


def _names_of(claimant: Claimant) -> set[str]:
    return {claimant.name, *claimant.names.values_list("name", flat=True)}


@transaction.atomic
def claimant_merge(*, claimant: Claimant, into: Claimant, by: AbstractBaseUser) -> Claimant:
    """Merge claimant into into: claims and hops move, names are kept as into's other
    names, and claimant is deleted. Returns into."""
    require_reviewer(by, "merge claimants")
    if claimant.pk == into.pk:
        raise MergeNotAllowed("A claimant cannot be merged into itself.", field="into")
    locked = Claimant.objects.select_for_update().in_bulk(sorted([claimant.pk, into.pk]))
    if claimant.pk not in locked or into.pk not in locked:
        raise MergeNotAllowed("One of these claimants is gone; reload and choose again.")
    claimant, into = locked[claimant.pk], locked[into.pk]
    shown = visibility.shown_publicly(claimant) or visibility.shown_publicly(into)

    said = f"claimant {claimant.pk} ({claimant.name}) merged into {into.pk} ({into.name})"
    for claim in Claim.objects.select_for_update().filter(claimant=claimant):
        claim.claimant = into
        save_with_reason(claim, by=by, reason=said, update_fields=["claimant"])
    for hop in Attribution.objects.select_for_update().filter(claimant=claimant):
        hop.claimant = into
        save_with_reason(hop, by=by, reason=said, update_fields=["claimant"])
    known = _names_of(into)
    for other in claimant.names.all():
        if other.name in known:
            other.delete()
            continue
        other.claimant = into
        other.save(update_fields=["claimant"])
        known.add(other.name)
    if claimant.name not in known:
        ClaimantName.objects.create(claimant=into, name=claimant.name)
    try:
        # Everything that named claimant names into now; a row written meanwhile by a
        # writer that does not lock the claimant would still name it, and PROTECT says so.
        with transaction.atomic():
            claimant.delete()
    except (ProtectedError, IntegrityError) as error:
        raise ClaimantInUse(
            f"{claimant} is still named by a claim or a hop written while merging; merge "
            "again to move it too."
        ) from error
    if shown:
        public_content_changed()
    return into
