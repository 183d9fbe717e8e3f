"""What the claim and verdict pages show beside their forms: the claim, where it appeared, its
evidence, its merges and its timeline, in a fixed number of queries."""

from sources.models import Capture

from ..models import Claim, ClaimMerge, Verdict
from ..selectors import citations_with_capture_status, claim_for_review, claim_timeline
from ..services import is_reviewer
from .forms import ClaimMergeForm, reviewers


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def review_context(request, claim_id: int) -> dict:
    """What the claim and verdict pages show beside their forms; a fixed number of queries."""
    try:
        claim = claim_for_review(claim_id)
    except Claim.DoesNotExist:
        return {}
    citations = list(citations_with_capture_status(claim))
    for citation in citations:
        citation.capture_label = (
            Capture.Status(citation.capture_status).label
            if citation.capture_status
            else "never captured"
        )
    verdicts = list(claim.verdicts.all())
    return {
        "review_claim": claim,
        # First appearance first, as claim_for_review prefetched them.
        "review_appearances": list(claim.appearances.all()),
        "review_citations": citations,
        "review_verdicts": verdicts,
        "review_draft": next((v for v in verdicts if v.status == Verdict.Status.DRAFT), None),
        "review_published": next(
            (v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None
        ),
        "review_merge": ClaimMerge.objects.filter(merged=claim, undone_at__isnull=True)
        .select_related("by")
        .first(),
        "review_merged_here": list(claim.merged_claims.order_by("pk")),
        "review_timeline": claim_timeline(claim),
        "review_reviewers": list(reviewers()),
        "may_review": is_reviewer(request.user),
        "claim_merge_form": ClaimMergeForm(),
    }
