"""The workflow's actions as the claim page's buttons and the claim list's actions run them:
each calls its service and says what happened, or raises the WorkflowError that says why not."""

from django.contrib.auth.models import AbstractBaseUser

from ..models import Claim, Verdict
from ..services import (
    MergeNotAllowed,
    ReviewerNotAllowed,
    VerdictIncomplete,
    claim_assign,
    claim_merge,
    claim_submit,
    claim_unmerge,
    claim_unpublish,
    verdict_publish,
)

ACTIONS = ("submit", "assign", "publish", "unpublish", "merge", "unmerge")


def run_workflow(
    action: str,
    claim: Claim,
    by: AbstractBaseUser,
    *,
    reviewer: AbstractBaseUser | None = None,
    reason: str = "",
    into: Claim | None = None,
) -> str:
    """Call the service for action on claim and say what happened."""
    if action == "submit":
        claim_submit(claim=claim, by=by, reviewer=reviewer)
        return f"“{claim}” was submitted for review and assigned to {reviewer}."
    if action == "assign":
        if reviewer is None:
            raise ReviewerNotAllowed("Choose a reviewer to assign.", field="reviewer")
        claim_assign(claim=claim, by=by, reviewer=reviewer)
        return f"“{claim}” is now assigned to {reviewer}."
    if action == "publish":
        draft = claim.verdicts.filter(status=Verdict.Status.DRAFT).first()
        if draft is None:
            raise VerdictIncomplete(f"“{claim}” has no draft verdict to publish; draft one first.")
        verdict = verdict_publish(verdict=draft, by=by, override_reason=reason)
        return f"Verdict v{verdict.version} on “{claim}” is published: {verdict.rating}."
    if action == "unpublish":
        claim_unpublish(claim=claim, by=by, reason=reason)
        return f"“{claim}” is no longer public; its verdict is a draft again."
    if action == "merge":
        if into is None:
            raise MergeNotAllowed("Choose the claim to merge it into.", field="into")
        claim_merge(claim=claim, into=into, by=by, reason=reason)
        return (
            f"“{claim}” was merged into claim {into.pk}, “{into}”: its appearances, citations "
            "and topics are there now. Undo the merge from this claim's page."
        )
    if action == "unmerge":
        claim_unmerge(claim=claim, by=by, reason=reason)
        return f"The merge of “{claim}” is undone: its appearances, citations and topics are back."
    raise ValueError(action)
