"""The review workflow: every write that carries a rule about claims and verdicts.

The admin, the API and tasks call these functions and nothing else to move a claim or a
verdict along, so each rule lives here once. Each function is one transaction, takes the
acting user as `by`, and raises a WorkflowError subclass whose message tells a person what
to do. None of them looks at a request.

A claim moves draft → in review → published, and back to in review while its verdict is
corrected (until the correction is published or discarded) or after it is unpublished. A
verdict moves draft → published → superseded, or is discarded while it is a draft.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sources.models import Source

from .cache import public_content_changed
from .models import REVIEWERS_GROUP, Claim, Claimant, Rating, Verdict

Status = Claim.Status


class WorkflowError(ValidationError):
    """A rule refused the change; the message says what is wrong and what to do instead.

    A ValidationError, so forms can show it as it is; `field` names the form field it is
    about, where there is one.
    """

    code = "workflow"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code=self.code)
        self.field = field

    def __str__(self) -> str:
        return self.message


class TransitionNotAllowed(WorkflowError):
    code = "transition_not_allowed"


class ClaimIncomplete(WorkflowError):
    code = "claim_incomplete"


class ReviewerNotAllowed(WorkflowError):
    code = "reviewer_not_allowed"


class NotPermitted(WorkflowError):
    code = "not_permitted"


class FourEyesRule(WorkflowError):
    code = "four_eyes"


class VerdictIncomplete(WorkflowError):
    code = "verdict_incomplete"


class VerdictNotEditable(WorkflowError):
    code = "verdict_not_editable"


class VerdictAlreadyDrafted(WorkflowError):
    code = "verdict_already_drafted"


class VerdictAlreadyPublished(WorkflowError):
    code = "verdict_already_published"


class CorrectionNoteRequired(WorkflowError):
    code = "correction_note_required"


class ReasonRequired(WorkflowError):
    code = "reason_required"


class ClaimChangedSinceOpened(WorkflowError):
    code = "claim_changed"


class VerdictChangedSinceOpened(WorkflowError):
    code = "verdict_changed"


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
# corrects or unpublishes writes all three, so Claim.objects.published() stays true.
SHOWN_FIELDS = ["status", "published_verdict", "verdict_published_at"]


def _require_state(claim: Claim, action: str) -> None:
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


def _require_permission(user: AbstractBaseUser, permission: str, doing: str) -> None:
    if not user.has_perm(permission):
        raise NotPermitted(f"{user} may not {doing}.")


def is_reviewer(user: AbstractBaseUser) -> bool:
    """Whether user may rate and publish: a member of Reviewers, or a superuser."""
    if not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=REVIEWERS_GROUP).exists()


def _require_reviewer(user: AbstractBaseUser, doing: str) -> None:
    if not is_reviewer(user):
        raise NotPermitted(f"Only members of {REVIEWERS_GROUP} can {doing}; {user} is not one.")


def _locked_claim(claim: Claim) -> Claim:
    # Every workflow write locks the claim row first, so two people acting on one claim
    # take turns and the second sees what the first did.
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _locked_verdict(verdict: Verdict) -> tuple[Claim, Verdict]:
    claim = _locked_claim(verdict.claim)
    return claim, Verdict.objects.select_for_update().get(pk=verdict.pk)


def _require_unchanged(verdict: Verdict, seen_revision: int | None) -> None:
    """Refuse to act on a locked verdict saved after the revision the person saw."""
    if seen_revision is not None and verdict.revision != seen_revision:
        raise VerdictChangedSinceOpened(
            f"Someone saved verdict v{verdict.version} since you opened it, so this would "
            "overwrite or publish without their changes. Open it again to see them, then "
            "make yours."
        )


def _save(obj, *, by: AbstractBaseUser, reason: str, **kwargs) -> None:
    """Save obj with by as the author and reason as the history entry's change reason."""
    obj._history_user = by
    obj._change_reason = reason
    obj.save(**kwargs)


def _check_reviewer_for(claim: Claim, reviewer: AbstractBaseUser | None) -> None:
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


@transaction.atomic
def claim_submit(*, claim: Claim, by: AbstractBaseUser, reviewer: AbstractBaseUser) -> Claim:
    """Send a draft claim for review and assign it to reviewer."""
    _require_permission(by, "claims.change_claim", "submit claims")
    claim = _locked_claim(claim)
    _require_state(claim, "submit")
    # The appearance needs no check here: the database refuses a claim without one.
    missing = []
    if not claim.quote.strip():
        missing.append("the exact quote")
    if not claim.citations.exists():
        missing.append("at least one citation")
    if missing:
        raise ClaimIncomplete(
            f"This claim cannot go to review yet: add {' and '.join(missing)}, then submit it."
        )
    _check_reviewer_for(claim, reviewer)
    claim.status = Status.IN_REVIEW
    claim.reviewer = reviewer
    claim.assigned_at = timezone.now()
    _save(
        claim,
        by=by,
        reason="submitted",
        update_fields=["status", "reviewer", "assigned_at"],
    )
    return claim


@transaction.atomic
def claim_assign(*, claim: Claim, by: AbstractBaseUser, reviewer: AbstractBaseUser) -> Claim:
    """Hand a claim in review to another reviewer."""
    _require_permission(by, "claims.change_claim", "assign reviewers")
    claim = _locked_claim(claim)
    _require_state(claim, "assign")
    _check_reviewer_for(claim, reviewer)
    if claim.reviewer_id == reviewer.pk:
        return claim
    claim.reviewer = reviewer
    claim.assigned_at = timezone.now()
    _save(claim, by=by, reason="assigned", update_fields=["reviewer", "assigned_at"])
    return claim


@transaction.atomic
def claim_unpublish(*, claim: Claim, by: AbstractBaseUser, reason: str) -> Claim:
    """Take a published claim off the public site; its verdict goes back to draft.

    A claim being corrected is still on the site with its published verdict, and taking
    it down cannot wait for the correction: the correction's draft is discarded, with the
    reason, and its wording stays in its history.
    """
    claim = _locked_claim(claim)
    _require_reviewer(by, "unpublish a claim")
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
    _require_state(claim, "unpublish")
    verdict = claim.verdicts.select_for_update().get(status=Verdict.Status.PUBLISHED)
    verdict.status = Verdict.Status.DRAFT
    verdict.published_at = None
    verdict.published_by = None
    _save(
        verdict,
        by=by,
        reason=f"unpublished: {reason}",
        update_fields=["status", "published_at", "published_by"],
    )
    claim.status = Status.IN_REVIEW
    claim.published_verdict = None
    claim.verdict_published_at = None
    _save(claim, by=by, reason=f"unpublished: {reason}", update_fields=SHOWN_FIELDS)
    public_content_changed()
    return claim


# What a published verdict rates: these words, said by this claimant, in this article.
RATED_FIELDS = ("text", "quote", "claimant", "appearance")


def claim_check_rated_edit(*, claim: Claim, by: AbstractBaseUser, changing: set[str]) -> None:
    """Refuse a change to what a public claim's verdict rates by someone who does not rate.

    Changed by a researcher, readers would see a rating on words nobody rated. A reviewer
    may change them, and corrects the verdict when the change matters.
    """
    touched = sorted(changing & set(RATED_FIELDS))
    if not touched or is_reviewer(by):
        return
    if not Claim.objects.published().filter(pk=claim.pk).exists():
        return
    raise NotPermitted(
        f"This claim is published, and its verdict rates it as it stands ({', '.join(touched)}"
        "). Only a reviewer can change that; ask one, who will correct the verdict if the "
        "change matters."
    )


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


def _next_version(claim: Claim) -> int:
    latest = claim.verdicts.order_by("-version").values_list("version", flat=True).first()
    return (latest or 0) + 1


def _refuse_second_draft(claim: Claim) -> None:
    draft = claim.verdicts.filter(status=Verdict.Status.DRAFT).select_related("reviewer").first()
    if draft is not None:
        raise VerdictAlreadyDrafted(
            f"Verdict v{draft.version} on this claim is already being drafted"
            f"{f' by {draft.reviewer}' if draft.reviewer else ''}; edit that one instead."
        )


@transaction.atomic
def verdict_draft(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    rating: Rating | None = None,
    summary: str = "",
    rationale: str = "",
) -> Verdict:
    """Start the verdict on a claim in review; it stays a draft until published."""
    claim = _locked_claim(claim)
    _require_reviewer(by, "draft verdicts")
    _require_state(claim, "draft")
    _refuse_second_draft(claim)
    verdict = Verdict(
        claim=claim,
        rating=rating,
        summary=summary.strip(),
        rationale=rationale,
        reviewer=by,
        version=_next_version(claim),
    )
    _save(verdict, by=by, reason="drafted")
    return verdict


@transaction.atomic
def verdict_save(
    *,
    verdict: Verdict,
    by: AbstractBaseUser,
    rating: Rating | None,
    summary: str,
    rationale: str,
    correction_note: str | None = None,
    seen_revision: int | None = None,
) -> Verdict:
    """Change a draft verdict; published ones are changed by correcting them.

    seen_revision is the verdict's revision as the person opened it: a save made since is
    not overwritten.
    """
    _require_reviewer(by, "edit verdicts")
    _claim, verdict = _locked_verdict(verdict)
    _require_unchanged(verdict, seen_revision)
    if verdict.status != Verdict.Status.DRAFT:
        raise VerdictNotEditable(
            f"Verdict v{verdict.version} is {verdict.get_status_display().lower()} and can no "
            "longer be edited. To change what readers see, correct the published verdict: "
            "that drafts a new version with a correction note."
        )
    verdict.rating = rating
    verdict.summary = summary.strip()
    verdict.rationale = rationale
    fields = ["rating", "summary", "rationale"]
    if correction_note is not None:
        verdict.correction_note = correction_note.strip()
        fields.append("correction_note")
    _save(verdict, by=by, reason="edited", update_fields=fields)
    return verdict


@transaction.atomic
def verdict_correct(
    *,
    verdict: Verdict,
    by: AbstractBaseUser,
    correction_note: str,
    rating: Rating | None = None,
    summary: str | None = None,
    rationale: str | None = None,
) -> Verdict:
    """Draft a new version of a published verdict; it replaces the old one when published.

    The published version stays in place until then. The claim goes back to review, and
    the reviewer who corrects it becomes its reviewer.
    """
    _require_reviewer(by, "correct verdicts")
    claim, verdict = _locked_verdict(verdict)
    if verdict.status != Verdict.Status.PUBLISHED:
        raise VerdictNotEditable(
            f"Only the published verdict can be corrected; v{verdict.version} is "
            f"{verdict.get_status_display().lower()}."
        )
    _require_state(claim, "correct")
    correction_note = correction_note.strip()
    if not correction_note:
        raise CorrectionNoteRequired(
            "Write a correction note: readers see it beside the corrected verdict.",
            field="correction_note",
        )
    _refuse_second_draft(claim)
    correction = Verdict(
        claim=claim,
        rating=verdict.rating if rating is None else rating,
        summary=verdict.summary if summary is None else summary.strip(),
        rationale=verdict.rationale if rationale is None else rationale,
        correction_note=correction_note,
        reviewer=by,
        version=_next_version(claim),
    )
    _save(correction, by=by, reason="correction drafted")
    claim.status = Status.IN_REVIEW
    claim.reviewer = by
    claim.assigned_at = timezone.now()
    _save(
        claim,
        by=by,
        reason="correction started",
        update_fields=["status", "reviewer", "assigned_at"],
    )
    return correction


def _check_four_eyes(claim: Claim, by: AbstractBaseUser, override_reason: str) -> str:
    """The override reason to record, or "" when none was needed; raises when refused."""
    if claim.created_by_id is None or claim.created_by_id != by.pk:
        return ""
    if not by.has_perm("claims.override_four_eyes"):
        raise FourEyesRule(
            "You logged this claim, so another reviewer must publish its verdict. "
            "Ask a colleague in Reviewers to check and publish it."
        )
    if not override_reason:
        raise FourEyesRule(
            "You logged this claim. An editor may still publish its verdict, but must say "
            "why no second reviewer could: give an override reason.",
            field="override_reason",
        )
    return override_reason


@transaction.atomic
def verdict_publish(
    *,
    verdict: Verdict,
    by: AbstractBaseUser,
    override_reason: str = "",
    seen_revision: int | None = None,
) -> Verdict:
    """Publish a draft verdict and its claim; a correction supersedes the version before it.

    seen_revision is the verdict's revision as the person read it: what they publish is
    what they saw, not a version someone saved meanwhile.
    """
    _require_reviewer(by, "publish verdicts")
    claim, verdict = _locked_verdict(verdict)
    _require_unchanged(verdict, seen_revision)
    if verdict.status == Verdict.Status.PUBLISHED:
        raise VerdictAlreadyPublished(
            f"Verdict v{verdict.version} was already published"
            f"{f' by {verdict.published_by}' if verdict.published_by else ''}; "
            "reload the claim to see it."
        )
    if verdict.status == Verdict.Status.SUPERSEDED:
        raise VerdictNotEditable(
            f"Verdict v{verdict.version} has been superseded by a correction and cannot be "
            "published again."
        )
    _require_state(claim, "publish")
    recorded_reason = _check_four_eyes(claim, by, override_reason.strip())

    missing = [
        label
        for label, value in (("a rating", verdict.rating_id), ("a summary", verdict.summary))
        if not value
    ]
    if missing:
        raise VerdictIncomplete(
            f"Add {' and '.join(missing)} before publishing; the verdict is kept as a draft.",
            field="rating" if not verdict.rating_id else "summary",
        )
    current = claim.verdicts.select_for_update().filter(status=Verdict.Status.PUBLISHED).first()
    if current is not None and not verdict.correction_note.strip():
        raise CorrectionNoteRequired(
            f"This replaces the published v{current.version}: write a correction note saying "
            "what changed; readers see it.",
            field="correction_note",
        )

    now = timezone.now()
    try:
        # The savepoint lets the database's one-published-verdict rule speak as a
        # WorkflowError if a writer that does not take the claim lock got there first.
        with transaction.atomic():
            if current is not None:
                current.status = Verdict.Status.SUPERSEDED
                _save(current, by=by, reason="superseded", update_fields=["status"])
            verdict.status = Verdict.Status.PUBLISHED
            verdict.published_at = now
            verdict.published_by = by
            verdict.override_reason = recorded_reason
            _save(
                verdict,
                by=by,
                reason="corrected" if current is not None else "published",
                update_fields=["status", "published_at", "published_by", "override_reason"],
            )
    except IntegrityError as error:
        raise VerdictAlreadyPublished(
            "Another verdict on this claim was published at the same moment; reload the "
            "claim to see it."
        ) from error
    claim.status = Status.PUBLISHED
    claim.published_verdict = verdict
    claim.verdict_published_at = verdict.published_at
    _save(claim, by=by, reason="published", update_fields=SHOWN_FIELDS)
    # A publish or a correction changes what readers see; their cached pages go on commit.
    public_content_changed()
    return verdict


def _claim_before_correction(claim: Claim):
    """The claim's history entry from just before its latest correction was started; None
    when the correction was written around verdict_correct."""
    started = claim.history.filter(history_change_reason="correction started").first()
    return started.prev_record if started is not None else None


def was_published(verdict: Verdict) -> bool:
    """Whether readers ever saw this version: a draft again after its claim was unpublished
    stays the record of what was published."""
    return verdict.history.filter(status=Verdict.Status.PUBLISHED).exists()


@transaction.atomic
def verdict_discard(*, verdict: Verdict, by: AbstractBaseUser, reason: str) -> Claim:
    """Abandon a draft verdict, recording why; returns its claim.

    The draft is deleted, with who and why in its history. A discarded correction puts the
    claim back as it was before the correction was started: published, with the verdict
    readers see and the reviewer it had. A discarded first draft leaves the claim in review
    with its reviewer, ready for a new draft.
    """
    _require_reviewer(by, "discard draft verdicts")
    claim, verdict = _locked_verdict(verdict)
    if verdict.status == Verdict.Status.PUBLISHED:
        raise VerdictNotEditable(
            f"Verdict v{verdict.version} is published, so there is no draft to discard. To "
            "take it off the site, unpublish the claim; to change it, correct it."
        )
    if verdict.status == Verdict.Status.SUPERSEDED:
        raise VerdictNotEditable(
            f"Verdict v{verdict.version} has been superseded by a correction and stays as the "
            "record of what readers saw; it cannot be discarded. To change what readers see "
            "now, correct the published verdict."
        )
    if was_published(verdict):
        # Unpublished, not abandoned: readers saw it, and a published fact-check's record
        # is never deleted.
        raise VerdictNotEditable(
            f"Verdict v{verdict.version} was published before its claim was unpublished and "
            "stays as the record of what readers saw; it cannot be discarded. Edit it and "
            "publish it again, or leave the claim unpublished."
        )
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(
            "Say why the draft is discarded; the reason is kept in the claim's history.",
            field="reason",
        )
    # The draft is always the claim's newest version, so the next draft takes its number
    # again and the versions readers see have no gaps; history keeps the discarded one.
    verdict._history_user = by
    verdict._change_reason = f"discarded: {reason}"
    verdict.delete()
    if claim.published_verdict_id is None:
        return claim
    # A correction was discarded. Readers saw the published verdict throughout and a claim's
    # status is on no public page, so the public pages' cache is left as it is.
    claim.status = Status.PUBLISHED
    before = _claim_before_correction(claim)
    if before is not None:
        claim.reviewer = get_user_model().objects.filter(pk=before.reviewer_id).first()
        claim.assigned_at = before.assigned_at
    _save(
        claim,
        by=by,
        reason=f"correction discarded: {reason}",
        update_fields=["status", "reviewer", "assigned_at"],
    )
    return claim


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


@transaction.atomic
def claim_import_reviewed(
    *,
    by: AbstractBaseUser,
    text: str,
    appearance: Source,
    claimant: Claimant,
    made_on: datetime.date | None,
    rating: Rating,
    summary: str,
    rationale: str,
    published_at: datetime.datetime,
    corrected_at: datetime.datetime | None = None,
    imported_from_url: str = "",
    origin: str,
) -> Claim:
    """Log a claim reviewed elsewhere, with that review as its published verdict.

    The verdict records where it came from as its four-eyes override reason. A review that
    was corrected after it was first published (corrected_at) becomes two versions, so the
    dates readers and exports show are the original publisher's.
    """
    require_may_import_reviews(by)
    if not summary.strip():
        raise VerdictIncomplete("An imported verdict needs a summary.", field="summary")
    reason = f"imported from {origin}"
    claim = Claim(
        text=text,
        quote=text,
        appearance=appearance,
        claimant=claimant,
        made_on=made_on,
        status=Status.PUBLISHED,
        reviewer=by,
        created_by=by,
        imported_from_url=imported_from_url,
    )
    _save(claim, by=by, reason=reason)
    versions = [(published_at, "")]
    if corrected_at is not None and corrected_at != published_at:
        note = f"Updated by its original publisher on {corrected_at:%Y-%m-%d}; {reason}."
        versions.append((corrected_at, note))
    for number, (at, note) in enumerate(versions, start=1):
        latest = number == len(versions)
        verdict = Verdict(
            claim=claim,
            rating=rating,
            summary=summary.strip(),
            rationale=rationale,
            reviewer=by,
            published_by=by,
            published_at=at,
            status=Verdict.Status.PUBLISHED if latest else Verdict.Status.SUPERSEDED,
            version=number,
            correction_note=note,
            override_reason=reason,
        )
        _save(verdict, by=by, reason=reason)
    claim.published_verdict = verdict
    claim.verdict_published_at = verdict.published_at
    _save(claim, by=by, reason=reason, update_fields=SHOWN_FIELDS)
    public_content_changed()
    return claim
