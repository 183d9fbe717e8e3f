"""Proposed changes to what a claim's page shows: made by researchers, accepted or rejected
by a reviewer who did not propose them, or withdrawn by the one who did.

A proposal names one part of one claim (a kind from `CHANGES` and, but for additions, the
row) and the values it would write. They are held to the model's own validation (the
fields' types, choices and lengths, the rows they name, the unique and check constraints)
when proposed and again when accepted, so an accepted proposal stores nothing a direct write
would refuse. What the row held when proposed is kept beside them: the reviewer sees before
and after, and an accept refuses a row that changed since.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from sources.models import Source

from .. import visibility
from ..models import Appearance, Attribution, Citation, Claim, Claimant, Proposal
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
from .rows import locked_claim, save_with_reason
from .rules import Status, require_reviewer

Kind = Proposal.Kind

# The largest id the database stores; a larger one names no row, and SQLite cannot compare it.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Change:
    """What a kind of proposal does: to rows of which model, setting which fields (`sets`),
    recording which in `before` (`shows`), and which rows of a claim it may name."""

    model: type[models.Model]
    action: str  # "change", "add" or "remove"
    sets: tuple[str, ...]
    shows: tuple[str, ...]
    rows_of: Callable[[Claim], QuerySet]
    required: tuple[str, ...] = ()


def _the_claim(claim: Claim) -> QuerySet:
    return Claim.objects.filter(pk=claim.pk)


def _appearances(claim: Claim) -> QuerySet:
    return claim.appearances.all()


def _citations(claim: Claim) -> QuerySet:
    return Citation.objects.filter(claim=claim)


def _hops(claim: Claim) -> QuerySet:
    return Attribution.objects.filter(appearance__claim=claim)


def _claimant(claim: Claim) -> QuerySet:
    return Claimant.objects.filter(pk=claim.claimant_id)


def _sources(claim: Claim) -> QuerySet:
    return Source.objects.filter(
        Q(pk__in=Citation.objects.filter(claim=claim).values("source"))
        | Q(pk__in=claim.appearances.values("source"))
    )


CITATION_FIELDS = ("source", "role", "quote", "note", "position")
HOP_FIELDS = ("appearance", "position", "claimant", "verb")

CHANGES: dict[str, Change] = {
    Kind.CLAIM: Change(Claim, "change", ("place",), ("place",), _the_claim),
    Kind.APPEARANCE: Change(Appearance, "change", ("made_on",), ("made_on",), _appearances),
    Kind.CITATION_CHANGE: Change(
        Citation, "change", ("role", "quote", "note"), CITATION_FIELDS, _citations
    ),
    Kind.CITATION_ADD: Change(
        Citation, "add", CITATION_FIELDS, (), _citations, required=("source", "role")
    ),
    Kind.CITATION_REMOVE: Change(Citation, "remove", (), CITATION_FIELDS, _citations),
    Kind.HOP_CHANGE: Change(
        Attribution, "change", ("position", "claimant", "verb"), HOP_FIELDS, _hops
    ),
    Kind.HOP_ADD: Change(
        Attribution, "add", HOP_FIELDS, (), _hops, required=("appearance", "position", "claimant")
    ),
    Kind.HOP_REMOVE: Change(Attribution, "remove", (), HOP_FIELDS, _hops),
    Kind.CLAIMANT: Change(Claimant, "change", ("name", "kind"), ("name", "kind"), _claimant),
    Kind.SOURCE: Change(Source, "change", ("title", "publisher"), ("title", "publisher"), _sources),
}

# The kinds whose target is the claim's own row, or its claimant: named by the claim alone.
IMPLIED_TARGETS = {Kind.CLAIM: "pk", Kind.CLAIMANT: "claimant_id"}

# What a published verdict rests on: the evidence cited and the part each source plays.
BASIS_KINDS = {Kind.CITATION_ADD, Kind.CITATION_REMOVE}


def _as_json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _shown(change: Change, row: models.Model) -> dict:
    return {
        name: _as_json(change.model._meta.get_field(name).value_from_object(row))
        for name in change.shows
    }


def _type_error(field: models.Field, value) -> str | None:
    """Why value cannot be this field's, before the model's validation sees it; JSON carries
    types the model would quietly turn into text ("['x']" for a list)."""
    if field.is_relation:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
            return "Give the id of the row, a whole number."
    elif isinstance(field, models.DateField):
        if value is not None and not isinstance(value, str):
            return "Give a date as YYYY-MM-DD, or null."
    elif isinstance(field, models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            return "Give a whole number."
    elif not isinstance(value, str):
        return "Give text."
    return None


def _cleaned(change: Change, claim: Claim, row: models.Model, values) -> dict:
    """values as row would store them, set on row, or ProposalInvalid with each field's
    reasons: the model's validation, as every direct write of the row runs it."""
    if not isinstance(values, dict):
        raise ProposalInvalid({"values": ["Give the values as an object of field: value."]})
    errors: dict[str, list[str]] = {}
    for name in sorted(set(values) - set(change.sets)):
        allowed = ", ".join(change.sets) or "nothing: leave the values empty"
        errors[name] = [f"This change cannot set {name}; it sets {allowed}."]
    for name in change.required:
        if name not in values:
            errors[name] = ["This field is required."]
    if change.action == "change" and not values:
        errors["values"] = [f"Say what to change: one or more of {', '.join(change.sets)}."]
    for name in set(values) & set(change.sets):
        field = change.model._meta.get_field(name)
        problem = _type_error(field, values[name])
        if problem:
            errors[name] = [problem]
        else:
            setattr(row, field.attname, values[name])
    if errors:
        raise ProposalInvalid(errors)
    if change.action == "remove":
        return {}
    if change.model is Attribution and not claim.appearances.filter(pk=row.appearance_id).exists():
        raise ProposalInvalid({"appearance": ["Name one of this claim's appearances."]})
    # What the change neither sets nor shows is left to the row's own writers: a claim's
    # reviewer, say, is checked against the Reviewers group when it is assigned, not here.
    unrelated = {f.name for f in change.model._meta.fields} - {*change.sets, *change.shows, "claim"}
    try:
        row.full_clean(exclude=unrelated)
    except ValidationError as error:
        raise ProposalInvalid(error.message_dict) from error
    return {
        name: _as_json(change.model._meta.get_field(name).value_from_object(row)) for name in values
    }


def _target(change: Change, claim: Claim, target_id, *, lock: bool = False) -> models.Model:
    rows = change.rows_of(claim)
    if lock:
        rows = rows.select_for_update()
    row = rows.filter(pk=target_id).first() if isinstance(target_id, int) else None
    if row is None:
        raise ProposalInvalid(
            {"target": [f"Name a {change.model._meta.verbose_name} of this claim by its id."]}
        )
    return row


def _values_key(kind: str, target_id: int | None, values: dict) -> str:
    canonical = json.dumps([kind, target_id, values], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _require_last_citation_kept(change: Change, claim: Claim, row: models.Model) -> None:
    if change.model is not Citation or change.action != "remove":
        return
    if not Citation.objects.filter(claim=claim).exclude(pk=row.pk).exists():
        raise ProposalInvalid(
            {"target": ["This is the claim's only citation; a claim needs its evidence."]}
        )


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
        row = _target(change, claim, target_id)
        before = _shown(change, row)
        _require_last_citation_kept(change, claim, row)
    values = _cleaned(change, claim, row, values)
    key = _values_key(kind, target_id, values)
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
            _cleaned(change, claim, row, proposal.values)
        except ProposalInvalid as error:
            raise _stale(proposal, f"The claim changed ({error})") from error
        save_with_reason(row, by=by, reason=reason)
        visibility.refresh_if_shown(row)
        return
    try:
        row = _target(change, claim, proposal.target_id, lock=True)
    except ProposalInvalid as error:
        raise _stale(proposal, f"The {change.model._meta.verbose_name} was removed") from error
    if _shown(change, row) != proposal.before:
        raise _stale(proposal, f"The {change.model._meta.verbose_name} was changed")
    if change.action == "remove":
        try:
            _require_last_citation_kept(change, claim, row)
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
        values = _cleaned(change, claim, row, proposal.values)
    except ProposalInvalid as error:
        raise _stale(proposal, f"The claim changed ({error})") from error
    with visibility.refresh_around(row):
        save_with_reason(
            row,
            by=by,
            reason=reason,
            update_fields=[change.model._meta.get_field(name).attname for name in values],
        )


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
