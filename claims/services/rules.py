"""The workflow's rules as data and checks: the claim state table, what a published verdict
rates, who is a reviewer, what only a reviewer changes, the four-eyes rule and who may import
reviews.

Each check raises the WorkflowError that says what is wrong; the services in claims.py,
verdicts.py and imports.py call them before they write.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from .. import visibility
from ..models import REVIEWERS_GROUP, Claim
from .errors import (
    FourEyesRule,
    NotPermitted,
    ReviewerNotAllowed,
    ReviewRequired,
    TransitionNotAllowed,
)

Status = Claim.Status


# Each claim action: what it is called in a sentence, and the states it may start from.
# The refusal message quotes this table, so it is the one place the state machine is written.
CLAIM_ACTIONS: dict[str, tuple[str, tuple[Status, ...]]] = {
    "submit": ("submit this claim for review", (Status.DRAFT,)),
    "assign": ("assign a reviewer to this claim", (Status.IN_REVIEW,)),
    "draft": ("draft a verdict on this claim", (Status.IN_REVIEW,)),
    "publish": ("publish a verdict on this claim", (Status.IN_REVIEW,)),
    "correct": ("correct the verdict on this claim", (Status.PUBLISHED,)),
    "unpublish": ("unpublish this claim", (Status.PUBLISHED,)),
}


# What a claim row records of the verdict readers see; every service that publishes,
# corrects or unpublishes writes all three, so what claims.visibility reads of the row stays true.
SHOWN_FIELDS = ["status", "published_verdict", "verdict_published_at"]


# What a published verdict rates of the claim row: this statement, made by this claimant, in
# this place. Where, when and in what words it appeared are its appearances, which on a
# public claim only a reviewer changes (require_review_to_change, as for everything else a
# public page shows).
RATED_FIELDS = ("text", "claimant", "place")

# Where a researcher who may not change a public row proposes the change instead.
PROPOSALS_PATH = "/api/v1/proposals/"


def require_state(claim: Claim, action: str) -> None:
    phrase, allowed = CLAIM_ACTIONS[action]
    if claim.status in allowed:
        return
    current = claim.get_status_display().lower()
    allowed_labels = " or ".join(f'"{Status(s).label.lower()}"' for s in allowed)
    possible = [name for name, (_, starts) in CLAIM_ACTIONS.items() if claim.status in starts]
    raise TransitionNotAllowed(
        f'Cannot {phrase}: it is "{current}", and that needs a claim that is '
        f'{allowed_labels}. A claim that is "{current}" can: {", ".join(possible)}.'
    )


def require_permission(user: AbstractBaseUser, permission: str, doing: str) -> None:
    if not user.has_perm(permission):
        raise NotPermitted(f"{user} may not {doing}.")


def is_reviewer(user: AbstractBaseUser) -> bool:
    """Whether user may rate and publish: a member of Reviewers, or a superuser."""
    if not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=REVIEWERS_GROUP).exists()


def require_reviewer(user: AbstractBaseUser, doing: str) -> None:
    if not is_reviewer(user):
        raise NotPermitted(f"Only members of {REVIEWERS_GROUP} can {doing}; {user} is not one.")


def require_review_to_change(
    *rows: models.Model, by: AbstractBaseUser, what: str | None = None
) -> None:
    """Refuse a change to rows, or a row added or removed, that a public page shows, by
    someone who is not a reviewer.

    A published fact-check is the newsroom's word: its citations, chains, place and dates,
    its claimant and its sources change only through a reviewer, who corrects the verdict
    when the change matters. Give each row as it is and, for a change that moves it
    (a citation to another claim), as it will be; an unsaved row is asked about where it
    is being added. what names the change in the refusal ("This claim's place").
    """
    if is_reviewer(by):
        return
    shown = next((row for row in rows if visibility.shown_publicly(row)), None)
    if shown is None:
        return
    what = what or f"This {shown._meta.verbose_name}"
    raise ReviewRequired(
        f"{what} is on a published fact-check's public page, so only a reviewer (a member "
        f"of {REVIEWERS_GROUP}) can change it. Ask a reviewer, or propose the change at "
        f"{PROPOSALS_PATH} for one to accept."
    )


def require_appearances_editable(claim: Claim, by: AbstractBaseUser) -> None:
    """Refuse a change to where and in what words claim appeared (its appearances and their
    figures) on a merged claim, or on a published one by someone who is not a reviewer."""
    if claim.status == Status.MERGED:
        raise TransitionNotAllowed(
            f"This claim was merged into claim {claim.merged_into_id}; change that one."
        )
    # Its verdict rates the claim as it appeared: where, when and in what words.
    require_review_to_change(claim, by=by, what="Where and in what words this claim appeared")


def check_reviewer_for(claim: Claim, reviewer: AbstractBaseUser | None) -> None:
    if reviewer is None:
        raise ReviewerNotAllowed("Choose a reviewer.", field="reviewer")
    if not is_reviewer(reviewer):
        raise ReviewerNotAllowed(
            f"{reviewer} is not a member of {REVIEWERS_GROUP}; choose someone who is.",
            field="reviewer",
        )
    if claim.created_by_id is not None and reviewer.pk == claim.created_by_id:
        raise ReviewerNotAllowed(
            f"{reviewer} logged this claim, so someone else must review it.", field="reviewer"
        )


def check_four_eyes(claim: Claim, by: AbstractBaseUser, override_reason: str) -> str:
    """The override reason to record, or "" when none was needed; raises when refused.

    Whoever logged the claim, and whoever last changed the words its verdict rates (its
    text or an appearance's words), does not publish alone: a reviewer who rewrote a
    researcher's claim would otherwise rate their own wording."""
    if by.pk == claim.created_by_id:
        did = "logged this claim"
    elif by.pk == claim.wording_changed_by_id:
        did = "last changed the words this claim's verdict rates"
    else:
        return ""
    if not by.has_perm("claims.override_four_eyes"):
        raise FourEyesRule(
            f"You {did}, so another reviewer must publish its verdict. "
            "Ask a colleague in Reviewers to check and publish it."
        )
    if not override_reason:
        raise FourEyesRule(
            f"You {did}. An editor may still publish its verdict, but must say "
            "why no second reviewer could: give an override reason.",
            field="override_reason",
        )
    return override_reason


def may_import_reviews(user: AbstractBaseUser) -> bool:
    """Whether user may import other fact-checkers' ClaimReviews as published claims.

    An import logs a claim and publishes its verdict in one step, with no second reviewer
    here: the review was done by whoever published it. So it takes what an editor publishing
    a verdict on a claim they logged takes: being a reviewer, the right to log claims, and
    the four-eyes override.
    """
    return (
        is_reviewer(user)
        and user.has_perm("claims.add_claim")
        and user.has_perm("claims.override_four_eyes")
    )


def require_may_import_reviews(user: AbstractBaseUser) -> None:
    if not may_import_reviews(user):
        raise NotPermitted(
            f"{user} may not import reviews: that takes a member of {REVIEWERS_GROUP} who may "
            "log claims and publish over the four-eyes rule, such as an editor."
        )
