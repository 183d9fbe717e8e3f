"""What each kind of proposed change does, and how its values are checked: against the row's
model, as every direct write of the row is (the fields' types, choices and lengths, the rows
they name, the unique and check constraints), so what an accept writes is what a direct
write could. claims.services.proposals makes and decides proposals with these."""

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet

from sources.models import Source

from ..models import Appearance, Attribution, Citation, Claim, Claimant, Proposal
from .errors import ProposalInvalid

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


def shown_values(change: Change, row: models.Model) -> dict:
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


def cleaned_values(change: Change, claim: Claim, row: models.Model, values) -> dict:
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


def target_row(change: Change, claim: Claim, target_id, *, lock: bool = False) -> models.Model:
    rows = change.rows_of(claim)
    if lock:
        rows = rows.select_for_update()
    row = rows.filter(pk=target_id).first() if isinstance(target_id, int) else None
    if row is None:
        raise ProposalInvalid(
            {"target": [f"Name a {change.model._meta.verbose_name} of this claim by its id."]}
        )
    return row


def values_key(kind: str, target_id: int | None, values: dict) -> str:
    canonical = json.dumps([kind, target_id, values], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def require_last_citation_kept(change: Change, claim: Claim, row: models.Model) -> None:
    if change.model is not Citation or change.action != "remove":
        return
    if not Citation.objects.filter(claim=claim).exclude(pk=row.pk).exists():
        raise ProposalInvalid(
            {"target": ["This is the claim's only citation; a claim needs its evidence."]}
        )
