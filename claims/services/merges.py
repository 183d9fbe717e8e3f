"""Two claims that turn out to be one: merged by a reviewer, and the merge undone.

The claim merged away keeps its row with the status "merged" and a record of what moved
(`ClaimMerge`), so undoing puts it back as it was. Both claims are locked in id order, so two
reviewers merging one pair at once take turns, and the second hears that it is done.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .. import visibility
from ..freshness import public_content_changed
from ..models import Citation, Claim, ClaimMerge, Topic
from .appearances import appearances_changed
from .errors import BothPublished, LastAppearance, MergeNotAllowed, ReasonRequired
from .rows import save_with_reason
from .rules import Status, require_reviewer


def _reason(reason: str, doing: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(f"Say why {doing}; the reason is kept in history.", field="reason")
    return reason


def _locked_pair(first_id: int, second_id: int) -> tuple[Claim, Claim]:
    locked = Claim.objects.select_for_update().in_bulk([first_id, second_id])
    for claim_id in (first_id, second_id):
        if claim_id not in locked:
            raise MergeNotAllowed(
                f"There is no claim {claim_id} (any more); reload and choose another.",
                field="into",
            )
    return locked[first_id], locked[second_id]


def _refuse_merge(claim: Claim, into: Claim) -> None:
    for one in (claim, into):
        if one.status == Status.MERGED:
            raise MergeNotAllowed(
                f"Claim {one.pk} was merged into claim {one.merged_into_id} already"
                + (f"; merge into claim {one.merged_into_id} instead." if one is into else ".")
            )
    if claim.published_verdict_id and into.published_verdict_id:
        raise BothPublished(
            f"Claims {claim.pk} and {into.pk} both have published verdicts, and one claim "
            "shows one verdict. Unpublish one of them (saying why), then merge it into the "
            "other."
        )
    if claim.verdicts.exists():
        if not into.verdicts.exists():
            raise MergeNotAllowed(
                f"Claim {claim.pk} has a verdict and claim {into.pk} has none: merge claim "
                f"{into.pk} into claim {claim.pk} instead, so the verdict stays on its claim."
            )
        raise MergeNotAllowed(
            f"Claim {claim.pk} has a draft verdict of its own; discard it (saying why) "
            f"before merging the claim into claim {into.pk}."
        )


@transaction.atomic
def claim_merge(*, claim: Claim, into: Claim, by: AbstractBaseUser, reason: str) -> ClaimMerge:
    """Merge claim into into: its appearances, citations and topics move there, and claim
    is kept, merged, for the merge to be undone. A source both cite keeps into's citation;
    claim's is recorded to be put back."""
    require_reviewer(by, "merge claims")
    reason = _reason(reason, "these are one claim")
    if claim.pk == into.pk:
        raise MergeNotAllowed("A claim cannot be merged into itself.", field="into")
    low, high = sorted([claim.pk, into.pk])
    locked = dict(zip((low, high), _locked_pair(low, high), strict=True))
    claim, into = locked[claim.pk], locked[into.pk]
    _refuse_merge(claim, into)

    said = f"merged into claim {into.pk}: {reason}"
    moved: dict[str, list] = {"appearances": [], "citations": [], "topics": [], "replaced": []}
    for appearance in claim.appearances.select_for_update():
        appearance.claim = into
        save_with_reason(appearance, by=by, reason=said, update_fields=["claim"])
        moved["appearances"].append(appearance.pk)
    cited = set(into.citations.values_list("source_id", flat=True))
    for citation in claim.citations.select_for_update():
        if citation.source_id in cited:
            moved["replaced"].append(
                {
                    name: getattr(citation, name)
                    for name in ("source_id", "role", "note", "quote", "position")
                }
            )
            citation._history_user, citation._change_reason = by, said
            citation.delete()
            continue
        citation.claim = into
        save_with_reason(citation, by=by, reason=said, update_fields=["claim"])
        moved["citations"].append(citation.pk)
    added = claim.topics.exclude(pk__in=into.topics.values("pk"))
    moved["topics"] = list(added.values_list("pk", flat=True))
    into.topics.add(*moved["topics"])

    record = ClaimMerge.objects.create(
        merged=claim, into=into, reason=reason, by=by, status_before=claim.status, moved=moved
    )
    claim.status = Status.MERGED
    claim.merged_into = into
    save_with_reason(claim, by=by, reason=said, update_fields=["status", "merged_into"])
    appearances_changed(claim)
    appearances_changed(into)
    if visibility.is_public(into.pk):
        public_content_changed()
    return record


@transaction.atomic
def claim_unmerge(*, claim: Claim, by: AbstractBaseUser, reason: str) -> Claim:
    """Undo the merge of claim into another: what moved goes back, and claim is as it was.

    An appearance or citation that has moved on since (split out, removed) stays where it
    is now; what came back is in the history.
    """
    require_reviewer(by, "undo merges")
    reason = _reason(reason, "the merge is undone")
    record = ClaimMerge.objects.filter(merged_id=claim.pk, undone_at__isnull=True).first()
    if record is None:
        raise MergeNotAllowed(f"Claim {claim.pk} is not merged into another claim.")
    low, high = sorted([record.merged_id, record.into_id])
    locked = dict(zip((low, high), _locked_pair(low, high), strict=True))
    claim, into = locked[record.merged_id], locked[record.into_id]
    record = ClaimMerge.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise MergeNotAllowed(f"The merge of claim {claim.pk} was undone already.")

    said = f"merge into claim {into.pk} undone: {reason}"
    back = into.appearances.select_for_update().filter(pk__in=record.moved["appearances"])
    if not into.appearances.exclude(pk__in=back.values("pk")).exists():
        raise LastAppearance(
            f"Claim {into.pk} has no appearance left of its own; undoing the merge would "
            "leave it none. Add one to it first."
        )
    for appearance in back:
        appearance.claim = claim
        save_with_reason(appearance, by=by, reason=said, update_fields=["claim"])
    for citation in into.citations.select_for_update().filter(pk__in=record.moved["citations"]):
        citation.claim = claim
        save_with_reason(citation, by=by, reason=said, update_fields=["claim"])
    for fields in record.moved["replaced"]:
        citation = Citation(claim=claim, **fields)
        save_with_reason(citation, by=by, reason=said)
    into.topics.remove(*Topic.objects.filter(pk__in=record.moved["topics"]))

    claim.status = record.status_before
    claim.merged_into = None
    save_with_reason(claim, by=by, reason=said, update_fields=["status", "merged_into"])
    record.undone_at, record.undone_by, record.undo_reason = timezone.now(), by, reason
    record.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    appearances_changed(claim)
    appearances_changed(into)
    if visibility.is_public(into.pk):
        public_content_changed()
    return claim
