"""A claim's verdicts: draft, save, correct, publish and discard, each one transaction under
the claim's lock."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..freshness import public_content_changed
from ..models import Claim, Rating, Verdict
from .errors import (
    CorrectionNoteRequired,
    ReasonRequired,
    VerdictAlreadyDrafted,
    VerdictAlreadyPublished,
    VerdictChangedSinceOpened,
    VerdictIncomplete,
    VerdictNotEditable,
)
from .rows import locked_claim, locked_verdict, save_with_reason
from .rules import SHOWN_FIELDS, Status, check_four_eyes, require_reviewer, require_state


def _require_unchanged(verdict: Verdict, seen_revision: int | None) -> None:
    """Refuse to act on a locked verdict saved after the revision the person saw."""
    if seen_revision is not None and verdict.revision != seen_revision:
        raise VerdictChangedSinceOpened(
            f"Someone saved verdict v{verdict.version} since you opened it, so this would "
            "overwrite or publish without their changes. Open it again to see them, then "
            "make yours."
        )


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
    claim = locked_claim(claim)
    require_reviewer(by, "draft verdicts")
    require_state(claim, "draft")
    _refuse_second_draft(claim)
    verdict = Verdict(
        claim=claim,
        rating=rating,
        summary=summary.strip(),
        rationale=rationale,
        reviewer=by,
        version=_next_version(claim),
    )
    save_with_reason(verdict, by=by, reason="drafted")
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
    require_reviewer(by, "edit verdicts")
    _claim, verdict = locked_verdict(verdict)
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
    save_with_reason(verdict, by=by, reason="edited", update_fields=fields)
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
    require_reviewer(by, "correct verdicts")
    claim, verdict = locked_verdict(verdict)
    if verdict.status != Verdict.Status.PUBLISHED:
        raise VerdictNotEditable(
            f"Only the published verdict can be corrected; v{verdict.version} is "
            f"{verdict.get_status_display().lower()}."
        )
    require_state(claim, "correct")
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
    save_with_reason(correction, by=by, reason="correction drafted")
    claim.status = Status.IN_REVIEW
    claim.reviewer = by
    claim.assigned_at = timezone.now()
    save_with_reason(
        claim,
        by=by,
        reason="correction started",
        update_fields=["status", "reviewer", "assigned_at"],
    )
    return correction


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
    require_reviewer(by, "publish verdicts")
    claim, verdict = locked_verdict(verdict)
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
    require_state(claim, "publish")
    recorded_reason = check_four_eyes(claim, by, override_reason.strip())

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
    seen = _as_readers_saw(verdict) if current is None else None
    if seen is not None and seen.rating_id != verdict.rating_id:
        _require_new_note(verdict, seen)
    else:
        seen = None

    now = timezone.now()
    try:
        # The savepoint lets the database's one-published-verdict rule speak as a
        # WorkflowError if a writer that does not take the claim lock got there first.
        with transaction.atomic():
            if seen is not None:
                current, verdict = _republished_as_correction(verdict, seen, by=by)
            elif current is not None:
                current.status = Verdict.Status.SUPERSEDED
                save_with_reason(current, by=by, reason="superseded", update_fields=["status"])
            verdict.status = Verdict.Status.PUBLISHED
            verdict.published_at = now
            verdict.published_by = by
            verdict.override_reason = recorded_reason
            save_with_reason(
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
    save_with_reason(claim, by=by, reason="published", update_fields=SHOWN_FIELDS)
    # A publish or a correction changes what readers see; their cached pages go on commit.
    public_content_changed()
    return verdict


def _as_readers_saw(verdict: Verdict):
    """The history entry of verdict as readers last saw it published; None for a verdict
    never published."""
    return verdict.history.filter(status=Verdict.Status.PUBLISHED).select_related("rating").first()


def _require_new_note(verdict: Verdict, seen) -> None:
    """Refuse to publish again, with another rating, a verdict readers saw, unless it says
    what changed in a note of its own."""
    note = verdict.correction_note.strip()
    if note and note != (seen.correction_note or "").strip():
        return
    raise CorrectionNoteRequired(
        f"Readers saw v{verdict.version} rated {seen.rating.label}; publishing it rated "
        f"{verdict.rating.label} corrects it. Write a correction note saying what changed: "
        "readers see it beside the verdict.",
        field="correction_note",
    )


def _republished_as_correction(verdict: Verdict, seen, *, by: AbstractBaseUser):
    """Split a verdict that readers saw, unpublished and rated again, into what they saw
    (put back as it was published, superseded) and a new version with the new rating and
    its note, as verdict_correct would have drafted it. Returns the two: the one superseded
    and the one to publish."""
    draft = {name: getattr(verdict, name) for name in ("rating", "summary", "rationale")}
    note = verdict.correction_note.strip()
    verdict.status = Verdict.Status.SUPERSEDED
    verdict.rating_id = seen.rating_id
    verdict.summary, verdict.rationale = seen.summary, seen.rationale
    verdict.correction_note = seen.correction_note or ""
    verdict.published_at, verdict.published_by_id = seen.published_at, seen.published_by_id
    save_with_reason(
        verdict,
        by=by,
        reason="superseded: published again with another rating",
        update_fields=[
            "status",
            "rating",
            "summary",
            "rationale",
            "correction_note",
            "published_at",
            "published_by",
        ],
    )
    correction = Verdict(
        claim=verdict.claim,
        correction_note=note,
        reviewer=by,
        version=_next_version(verdict.claim),
        **draft,
    )
    save_with_reason(correction, by=by, reason="correction drafted")
    return verdict, correction


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
    require_reviewer(by, "discard draft verdicts")
    claim, verdict = locked_verdict(verdict)
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
    save_with_reason(
        claim,
        by=by,
        reason=f"correction discarded: {reason}",
        update_fields=["status", "reviewer", "assigned_at"],
    )
    return claim
