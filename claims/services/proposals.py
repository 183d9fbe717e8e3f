"""Proposed changes to what a claim's page shows: made by researchers, accepted or rejected
by a reviewer who did not propose them, or withdrawn by the one who did.

A proposal names one part of one claim (a kind from `proposal_changes.CHANGES` and, but for
additions, the row) and the values it would write, checked when proposed and again when
accepted. What the row held when proposed is kept beside them: the reviewer sees before and
after, and an accept refuses a row that changed since.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import visibility
from ..models import Appearance, Citation, Claim, Proposal
from .appearances import appearance_update
from .errors import (
    FourEyesRule,
    NotPermitted,
    ProposalDecided,
    ProposalExists,
    ProposalInvalid,
    ProposalStale,
    ReasonRequired,
    TransitionNotAllowed,
)
from .proposal_changes import (
    BASIS_KINDS,
    CHANGES,
    IMPLIED_TARGETS,
    Change,
    Kind,
    cleaned_values,
    require_last_citation_kept,
    shown_values,
    target_row,
    values_key,
)
from .rows import locked_claim, save_with_reason
from .rules import Status, require_reviewer


@transaction.atomic
def proposal_make(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    kind: str,
    values: dict,
    reason: str,
    target_id: int | None = None,
) -> Proposal:
    """Propose a change to one part of claim, for a reviewer to accept or reject."""
    if not (
        by.is_active and by.has_perm("claims.add_proposal") and by.has_perm("claims.view_claim")
    ):
        raise NotPermitted(f"{by} may not propose changes to claims.")
    claim = locked_claim(claim)
    if claim.status == Status.MERGED:
        raise TransitionNotAllowed(
            f"This claim was merged into claim {claim.merged_into_id}; propose the change there."
        )
    if kind not in CHANGES:
        raise ProposalInvalid({"kind": [f"Choose one of: {', '.join(CHANGES)}."]})
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("Say why the change is needed; the reviewer reads it.", field="reason")
    change = CHANGES[kind]
    if kind in IMPLIED_TARGETS:
        target_id = getattr(claim, IMPLIED_TARGETS[kind])
    if change.action == "add":
        target_id, row, before = None, change.model(), {}
        if change.model is Citation:
            row.claim = claim
    else:
        row = target_row(change, claim, target_id)
        before = shown_values(change, row)
        require_last_citation_kept(change, claim, row)
    values = cleaned_values(change, claim, row, values)
    key = values_key(kind, target_id, values)
    if claim.proposals.pending().filter(proposed_by=by, values_key=key).exists():
        raise ProposalExists(
            "You have proposed this change already, and it is waiting for a reviewer."
        )
    proposal = Proposal(
        claim=claim,
        kind=kind,
        target_id=target_id,
        values=values,
        before=before,
        values_key=key,
        reason=reason,
        proposed_by=by,
    )
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as error:
        raise ProposalExists(
            "You have proposed this change already, and it is waiting for a reviewer."
        ) from error
    return proposal


def _locked_pending(proposal: Proposal) -> tuple[Claim, Proposal]:
    claim = locked_claim(proposal.claim)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ProposalDecided(
            f"This proposal is {proposal.get_status_display().lower()} already; propose the "
            "change again if it is still needed."
        )
    return claim, proposal


def _decide(proposal: Proposal, *, by, status: str, note: str) -> Proposal:
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "basis_changed"]
    )
    return proposal


def _stale(proposal: Proposal, why: str) -> ProposalStale:
    return ProposalStale(
        f"{why} since this change was proposed, so accepting it could undo someone's work. "
        "Reject it, and the proposer can propose it again on the row as it is now."
    )


def _apply(proposal: Proposal, claim: Claim, change: Change, by) -> None:
    reason = f"proposal {proposal.pk} by {proposal.proposed_by}: {proposal.reason}"
    if change.action == "add":
        row = change.model()
        if change.model is Citation:
            row.claim = claim
        try:
            cleaned_values(change, claim, row, proposal.values)
        except ProposalInvalid as error:
            raise _stale(proposal, f"The claim changed ({error})") from error
        save_with_reason(row, by=by, reason=reason)
        visibility.refresh_if_shown(row)
        return
    try:
        row = target_row(change, claim, proposal.target_id, lock=True)
    except ProposalInvalid as error:
        raise _stale(proposal, f"The {change.model._meta.verbose_name} was removed") from error
    if shown_values(change, row) != proposal.before:
        raise _stale(proposal, f"The {change.model._meta.verbose_name} was changed")
    if change.action == "remove":
        try:
            require_last_citation_kept(change, claim, row)
        except ProposalInvalid as error:
            raise _stale(proposal, "The claim's other citations were removed") from error
        with visibility.refresh_around(row):
            row._history_user = by
            row._change_reason = reason
            row.delete()
        return
    if change.model is Appearance:
        # An appearance's date decides which is the claim's first; its service keeps that.
        made_on = Appearance._meta.get_field("made_on").to_python(proposal.values["made_on"])
        appearance_update(appearance=row, by=by, reason=reason, made_on=made_on)
        return
    try:
        values = cleaned_values(change, claim, row, proposal.values)
    except ProposalInvalid as error:
        raise _stale(proposal, f"The claim changed ({error})") from error
    fields = {change.model._meta.get_field(name).attname for name in values}
    # auto_now stamps only the columns a save names.
    fields |= {f.name for f in change.model._meta.fields if getattr(f, "auto_now", False)}
    with visibility.refresh_around(row):
        save_with_reason(row, by=by, reason=reason, update_fields=fields)


def _changes_basis(proposal: Proposal, claim: Claim) -> bool:
    if not visibility.is_public(claim.pk):
        return False
    if proposal.kind in BASIS_KINDS:
        return True
    return proposal.kind == Kind.CITATION_CHANGE and proposal.values.get(
        "role", proposal.before.get("role")
    ) != proposal.before.get("role")


@transaction.atomic
def proposal_accept(*, proposal: Proposal, by: AbstractBaseUser, note: str = "") -> Proposal:
    """Apply the proposed change as by, a reviewer who did not propose it, would write it.

    A change to the evidence a published verdict rests on (a citation added or removed, or
    its role changed) says in the decision that the verdict may need a correction; the
    reviewer decides, and corrects it through the verdict's own workflow.
    """
    require_reviewer(by, "accept proposed changes")
    claim, proposal = _locked_pending(proposal)
    if claim.status == Status.MERGED:
        raise TransitionNotAllowed(
            f"This claim was merged into claim {claim.merged_into_id} since the change was "
            "proposed; reject it, and propose it there if it is still needed."
        )
    if proposal.proposed_by_id == by.pk:
        raise FourEyesRule(
            "You proposed this change, so another reviewer must accept it; ask a colleague."
        )
    _apply(proposal, claim, CHANGES[proposal.kind], by)
    note = note.strip()
    proposal.basis_changed = _changes_basis(proposal, claim)
    if proposal.basis_changed:
        warning = (
            "This changes the evidence the published verdict rests on: check whether the "
            "verdict needs a correction."
        )
        note = f"{note}\n\n{warning}" if note else warning
    return _decide(proposal, by=by, status=Proposal.Status.ACCEPTED, note=note)


@transaction.atomic
def proposal_reject(*, proposal: Proposal, by: AbstractBaseUser, note: str) -> Proposal:
    """Turn a proposed change down, saying why: the proposer reads the note."""
    require_reviewer(by, "reject proposed changes")
    note = (note or "").strip()
    if not note:
        raise ReasonRequired(
            "Say why the change is turned down; the proposer reads it.", field="note"
        )
    _, proposal = _locked_pending(proposal)
    return _decide(proposal, by=by, status=Proposal.Status.REJECTED, note=note)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: AbstractBaseUser) -> Proposal:
    """Take back a change one proposed, before a reviewer decides on it."""
    if proposal.proposed_by_id != by.pk:
        raise NotPermitted("Only the one who proposed a change can withdraw it.")
    _, proposal = _locked_pending(proposal)
    return _decide(proposal, by=by, status=Proposal.Status.WITHDRAWN, note="")
