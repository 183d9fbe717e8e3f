"""Moving a claim through review: submit, assign and unpublish, and the checks an edit of a
claim must pass (its revision, and who may change what a published verdict rates)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..freshness import public_content_changed
from ..models import Claim, Verdict
from .errors import ClaimChangedSinceOpened, ClaimIncomplete, ReasonRequired
from .rows import locked_claim, record_rewording, save_with_reason
from .rules import (
    RATED_FIELDS,
    SHOWN_FIELDS,
    Status,
    check_reviewer_for,
    require_permission,
    require_review_to_change,
    require_reviewer,
    require_state,
)


@transaction.atomic
def claim_submit(*, claim: Claim, by: AbstractBaseUser, reviewer: AbstractBaseUser) -> Claim:
    """Send a draft claim for review and assign it to reviewer."""
    require_permission(by, "claims.change_claim", "submit claims")
    claim = locked_claim(claim)
    require_state(claim, "submit")
    missing = []
    if not claim.appearances.exists():
        missing.append("where it appeared, in the exact words")
    if not claim.citations.exists():
        missing.append("at least one citation")
    if missing:
        raise ClaimIncomplete(
            f"This claim cannot go to review yet: add {' and '.join(missing)}, then submit it."
        )
    check_reviewer_for(claim, reviewer)
    claim.status = Status.IN_REVIEW
    claim.reviewer = reviewer
    claim.assigned_at = timezone.now()
    save_with_reason(
        claim,
        by=by,
        reason="submitted",
        update_fields=["status", "reviewer", "assigned_at"],
    )
    return claim


@transaction.atomic
def claim_assign(*, claim: Claim, by: AbstractBaseUser, reviewer: AbstractBaseUser) -> Claim:
    """Hand a claim in review to another reviewer."""
    require_permission(by, "claims.change_claim", "assign reviewers")
    claim = locked_claim(claim)
    require_state(claim, "assign")
    check_reviewer_for(claim, reviewer)
    if claim.reviewer_id == reviewer.pk:
        return claim
    claim.reviewer = reviewer
    claim.assigned_at = timezone.now()
    save_with_reason(claim, by=by, reason="assigned", update_fields=["reviewer", "assigned_at"])
    return claim


@transaction.atomic
def claim_unpublish(*, claim: Claim, by: AbstractBaseUser, reason: str) -> Claim:
    """Take a published claim off the public site; its verdict goes back to draft.

    A claim being corrected is still on the site with its published verdict, and taking
    it down cannot wait for the correction: the correction's draft is discarded, with the
    reason, and its wording stays in its history.
    """
    claim = locked_claim(claim)
    require_reviewer(by, "unpublish a claim")
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(
            "Say why the claim comes off the site; the reason is kept in its history.",
            field="reason",
        )
    if claim.status == Status.IN_REVIEW and claim.published_verdict_id is not None:
        correction = claim.verdicts.select_for_update().get(status=Verdict.Status.DRAFT)
        correction._history_user = by
        correction._change_reason = f"discarded: the claim was unpublished: {reason}"
        correction.delete()
        claim.status = Status.PUBLISHED
    require_state(claim, "unpublish")
    verdict = claim.verdicts.select_for_update().get(status=Verdict.Status.PUBLISHED)
    verdict.status = Verdict.Status.DRAFT
    verdict.published_at = None
    verdict.published_by = None
    save_with_reason(
        verdict,
        by=by,
        reason=f"unpublished: {reason}",
        update_fields=["status", "published_at", "published_by"],
    )
    claim.status = Status.IN_REVIEW
    claim.published_verdict = None
    claim.verdict_published_at = None
    save_with_reason(claim, by=by, reason=f"unpublished: {reason}", update_fields=SHOWN_FIELDS)
    public_content_changed()
    return claim


def claim_check_rated_edit(*, claim: Claim, by: AbstractBaseUser, changing: set[str]) -> None:
    """Refuse a change to what a public claim's verdict rates by someone who does not rate.

    Changed by a researcher, readers would see a rating on words nobody rated. A reviewer
    may change them, and corrects the verdict when the change matters.
    """
    touched = sorted(changing & set(RATED_FIELDS))
    if touched:
        require_review_to_change(claim, by=by, what=f"This claim's {', '.join(touched)}")


def claim_edited(*, claim: Claim, by: AbstractBaseUser, changed: set[str]) -> None:
    """After an edit of claim's own fields in changed, within its transaction: a new text
    is new wording, so its writer does not publish its verdict alone."""
    if "text" in changed:
        record_rewording(claim, by=by)


def claim_check_unchanged(*, claim: Claim, seen_revision: int) -> Claim:
    """Lock claim for an edit and refuse it if someone saved it after seen_revision.

    Call inside the transaction that saves the edit: the lock makes two saves of one claim
    take turns, so the later one always sees the earlier one's revision.
    """
    current = Claim.objects.select_for_update().only("revision").get(pk=claim.pk)
    if current.revision != seen_revision:
        raise ClaimChangedSinceOpened(
            "Someone changed this claim since you opened it, so your save would overwrite "
            "their work. Open the claim again to see their changes, then make yours."
        )
    return current
