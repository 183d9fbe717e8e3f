"""Figures that disagree: proposed wherever two appearances state a figure of the same kind
that differs, or differs in qualifier, and decided by a reviewer.

Pairs are looked for between a claim's appearances, between claims that appeared in one
source, and (in the worker, since it asks the similarity engine) between claims the engine
takes for the same claim. Each appearance's first figure of a kind is compared, as the
claim's comparisons are: "52 bodies buried, another 12 to come" is one count, not two.

`discrepancies_refresh` runs in the transaction of every change to figures, appearances or
merges: proposals that no longer hold are withdrawn, reviewed ones whose figures changed are
marked outdated (and leave the public page until a reviewer decides again), and new pairs
are proposed. A dismissed pair is never proposed again.
"""

import logging
from collections.abc import Iterable

from celery import signature
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from ..figures.compare import AGREE, label
from ..freshness import public_content_changed
from ..models import Claim, ClaimStatus, Discrepancy, Figure, FigureKind
from ..similar.scoring import same_but_for_figures
from ..similar.suggest import SimilarInputError, suggest
from ..visibility import is_public
from .errors import DiscrepancyInvalid, DiscrepancyNoLongerHolds, ReasonRequired
from .rules import require_reviewer

logger = logging.getLogger(__name__)

SIMILAR_TASK = "claims.tasks.discrepancies_across_similar"
Status, Scope = Discrepancy.Status, Discrepancy.Scope
COMPARED = Q(stale=False, removed=False) & ~Q(kind=FigureKind.OTHER)
# What a side of `stated` says, whatever its figure's row: a dismissed pair is known by it.
STATEMENT = ("appearance", "value", "upper", "qualifier", "unit")
# What a side of `stated` must still be for a reviewed decision to stand. The quote and
# where its words are marked too: public pages show `stated`, as the reviewer saw it, so a
# quote corrected since takes the pair off them until a reviewer decides on the new one.
DECIDED_ON = (
    "figure", "source", "quote", "words", "start", "end", "value", "upper", "qualifier", "unit",
)  # fmt: skip


def _figures(among: Q) -> list[Figure]:
    """The first figure of each kind of each appearance among, with appearance and source."""
    rows = (
        Figure.objects.filter(COMPARED, among)
        .exclude(appearance__claim__status=ClaimStatus.MERGED)
        .select_related("appearance__source")
        .order_by("appearance_id", "start", "pk")
    )
    first: dict[tuple[int, str], Figure] = {}
    for figure in rows:
        first.setdefault((figure.appearance_id, figure.kind), figure)
    return list(first.values())


def side(figure: Figure) -> dict:
    """One figure as `stated` keeps it: enough to show it without its rows."""
    appearance, source = figure.appearance, figure.appearance.source
    return {
        "figure": figure.pk, "appearance": appearance.pk, "claim": appearance.claim_id,
        "source": source.pk, "source_title": source.title or source.url,
        "source_url": source.url, "quote": appearance.quote, "words": figure.words,
        "start": figure.start, "end": figure.end, "value": figure.value,
        "upper": figure.upper, "qualifier": figure.qualifier, "unit": figure.unit,
        "normalised_value": figure.normalised_value,
        "normalised_unit": figure.normalised_unit,
    }  # fmt: skip


def _disagreement(a: Figure, b: Figure) -> str | None:
    """The label of a and b if they are comparable and disagree, else None."""
    if a.kind != b.kind or a.appearance_id == b.appearance_id:
        return None
    if a.normalised_unit != b.normalised_unit:
        return None  # not one measure (a count and a share, say): nothing to set side by side
    found = label(a, b)
    return None if found == AGREE else found


def _scope(a: Figure, b: Figure, default: str | None) -> str | None:
    """Where a and b are compared: within one claim, within one source (two claims that
    share a source are compared by their appearances there, not elsewhere), else default."""
    if a.appearance.claim_id == b.appearance.claim_id:
        return Scope.CLAIM
    if a.appearance.source_id == b.appearance.source_id:
        return Scope.ARTICLE
    return default


def _ordered(a: Figure, b: Figure) -> tuple[Figure, Figure]:
    return (a, b) if a.pk < b.pk else (b, a)


def _touching(claim_ids: Iterable[int]):
    return Discrepancy.objects.filter(
        Q(claim__in=claim_ids)
        | Q(other_claim__in=claim_ids)
        | Q(figure__appearance__claim__in=claim_ids)
        | Q(other__appearance__claim__in=claim_ids)
    ).select_related("figure__appearance__source", "other__appearance__source")


def _save(discrepancy: Discrepancy, *, by, reason: str) -> None:
    discrepancy._history_user, discrepancy._change_reason = by, reason
    discrepancy.save()


def _still(discrepancy: Discrepancy, *, by) -> None:
    """Bring an existing discrepancy up to date with its figures: a proposed one with all
    of them, a reviewed one with where they now stand (claims, scope) but not with what was
    decided on, which a change of marks outdated instead."""
    a, b = discrepancy.figure, discrepancy.other
    live = all(f is not None and not f.stale and not f.removed for f in (a, b))
    found = _disagreement(a, b) if live else None
    # Two claims' figures compared as an article's that now stand in two sources.
    apart = live and discrepancy.scope == Scope.ARTICLE and _scope(a, b, None) is None
    if discrepancy.status == Status.PROPOSED and (found is None or apart):
        discrepancy._history_user = by
        discrepancy._change_reason = (
            "withdrawn: the figures are no longer in one source"
            if found is not None
            else "withdrawn: the figures no longer disagree"
        )
        discrepancy.delete()
        return
    before = (discrepancy.claim_id, discrepancy.other_claim_id, discrepancy.scope)
    stated_before = [dict(stated) for stated in discrepancy.stated]
    if live:
        discrepancy.claim_id = a.appearance.claim_id
        discrepancy.other_claim_id = b.appearance.claim_id
        discrepancy.scope = _scope(a, b, discrepancy.scope)
        for stated, figure in zip(discrepancy.stated, (a, b), strict=False):
            stated["claim"] = figure.appearance.claim_id
    moved = (discrepancy.claim_id, discrepancy.other_claim_id, discrepancy.scope) != before
    if discrepancy.status == Status.PROPOSED:
        if (found, [side(a), side(b)]) != (discrepancy.label, discrepancy.stated):
            discrepancy.label, discrepancy.stated = found, [side(a), side(b)]
            _save(discrepancy, by=by, reason="the figures changed")
        elif moved:
            _save(discrepancy, by=by, reason="its appearances moved to another claim")
        return
    decided_on = [{k: s.get(k) for k in DECIDED_ON} for s in stated_before]
    current = [{k: s.get(k) for k in DECIDED_ON} for s in (side(a), side(b))] if live else None
    if (found != discrepancy.label or current != decided_on) and not discrepancy.outdated:
        discrepancy.outdated = True
        reason = "outdated: a figure or its quote changed since it was reviewed"
        _save(discrepancy, by=by, reason=reason)
        if discrepancy.status == Status.CONFIRMED:
            _refresh_public(discrepancy)
    elif moved:
        _save(discrepancy, by=by, reason="its appearances moved to another claim")


def _propose(pairs: Iterable[tuple[Figure, Figure, str, str]], *, by) -> list[Discrepancy]:
    made = []
    # In the pairs' order, whoever proposes them: two saves proposing the same pairs at once
    # then wait for each other in one order and never deadlock.
    for a, b, found, scope in sorted(pairs, key=lambda pair: (pair[0].pk, pair[1].pk)):
        discrepancy = Discrepancy(
            figure=a,
            other=b,
            claim_id=a.appearance.claim_id,
            other_claim_id=b.appearance.claim_id,
            kind=a.kind,
            label=found,
            scope=scope,
            stated=[side(a), side(b)],
        )
        try:
            # Another claim's save may propose the same pair at the same moment.
            with transaction.atomic():
                _save(discrepancy, by=by, reason="proposed")
        except IntegrityError:
            continue
        made.append(discrepancy)
    return made


def _statement(kind: str, side: dict) -> tuple:
    return (kind, *(side.get(name) for name in STATEMENT))


def _states(figure: Figure) -> tuple:
    """What figure states, as _statement reads it from a side of `stated`."""
    f = figure
    return (f.kind, f.appearance_id, f.value, f.upper, f.qualifier, f.unit)


def _dismissed(figures: list[Figure]) -> set[frozenset]:
    """What the two sides of each pair dismissed among figures' claims state."""
    claims = {f.appearance.claim_id for f in figures}
    dismissed = Discrepancy.objects.filter(
        Q(claim__in=claims) | Q(other_claim__in=claims), status=Status.DISMISSED
    ).values_list("kind", "stated")
    return {frozenset(_statement(kind, side) for side in stated) for kind, stated in dismissed}


def _new_pairs(mine: list[Figure], theirs: list[Figure], *, default_scope: str | None):
    """The pairs of a figure of mine and one of theirs that disagree and are not compared
    already, each with its label and scope; a pair of no scope (default_scope None) is not
    one. Nor is a pair that states what a dismissed one did: a figure read anew, with a
    new id ("Six" written "6"), does not bring a dismissed pair back."""
    known = set(
        Discrepancy.objects.filter(figure__in=[f.pk for f in mine] + [f.pk for f in theirs])
        .filter(other__isnull=False)
        .values_list("figure", "other")
    )
    dismissed = _dismissed(mine + theirs)
    seen = set()
    for a in mine:
        for b in theirs:
            if a.pk == b.pk:
                continue
            first, second = _ordered(a, b)
            key = (first.pk, second.pk)
            if key in known or key in seen:
                continue
            states = frozenset(_states(f) for f in (first, second))
            if states in dismissed:
                continue
            seen.add(key)
            scope = _scope(first, second, default_scope)
            found = _disagreement(first, second) if scope is not None else None
            if found is not None:
                yield first, second, found, scope


def discrepancies_refresh(claims: Iterable[Claim | int], *, by: AbstractBaseUser | None) -> None:
    """After a change to the figures, appearances or merges of claims: update the
    discrepancies they take part in and propose the pairs their figures now make within
    each claim and with the other claims of their sources. In the caller's transaction."""
    claim_ids = {getattr(claim, "pk", claim) for claim in claims}
    for discrepancy in _touching(claim_ids):
        _still(discrepancy, by=by)
    mine = _figures(Q(appearance__claim__in=claim_ids))
    if not mine:
        return
    theirs = _figures(
        Q(kind__in={f.kind for f in mine})
        & Q(appearance__source__in={f.appearance.source_id for f in mine})
    )
    _propose(_new_pairs(mine, theirs, default_scope=None), by=by)
    for claim_id in {f.appearance.claim_id for f in mine}:
        transaction.on_commit(lambda claim_id=claim_id: _send_similar(claim_id))


def _send_similar(claim_id: int) -> None:
    try:
        signature(SIMILAR_TASK).apply_async((claim_id,))
    except OperationalError:
        # Only the pairs with alike claims wait: the claim's next save sends it again.
        logger.warning(
            "Claim %s's figures were not compared with alike claims: the broker could not "
            "be reached.",
            claim_id,
        )


def discrepancies_across_similar(claim_id: int, *, limit: int = 10) -> list[Discrepancy]:
    """Propose the pairs claim's figures make with those of the claims the similarity
    engine takes for the same claim, or would but for their figures (by wording alone
    while the matcher is away). The worker's task after a save: it asks the engine, which
    a save does not wait for."""
    claim = Claim.objects.exclude(status=ClaimStatus.MERGED).filter(pk=claim_id).first()
    if claim is None:
        return []
    mine = _figures(Q(appearance__claim=claim))
    if not mine:
        return []
    try:
        found = suggest(
            claim.text,
            among=Claim.objects.exclude(status=ClaimStatus.MERGED).exclude(pk=claim.pk),
            limit=limit,
        )
    except SimilarInputError:
        return []
    alike = [s.claim.pk for s in found.results if same_but_for_figures(s.score, s.level, s.reasons)]
    if not alike:
        return []
    theirs = _figures(Q(appearance__claim__in=alike, kind__in={f.kind for f in mine}))
    with transaction.atomic():
        return _propose(_new_pairs(mine, theirs, default_scope=Scope.SIMILAR), by=None)


def _refresh_public(discrepancy: Discrepancy) -> None:
    if is_public(discrepancy.claim_id) or is_public(discrepancy.other_claim_id):
        public_content_changed()


DECISIONS = {
    Status.CONFIRMED: "confirmed",
    Status.DISMISSED: "dismissed",
    Status.EXPLAINED: "explained",
}


@transaction.atomic
def discrepancy_decide(
    *, discrepancy: Discrepancy, by: AbstractBaseUser, status: str, note: str = ""
) -> Discrepancy:
    """Confirm (the sources disagree), dismiss (they do not: say why) or explain (they do,
    and why: say it) a discrepancy, on its figures as they now stand. A reviewer may decide
    again; each decision is in the history."""
    require_reviewer(by, "decide on figures that disagree")
    if status not in DECISIONS:
        raise DiscrepancyInvalid(f"A decision is one of: {', '.join(DECISIONS)}.", field="status")
    note = (note or "").strip()
    if status != Status.CONFIRMED and not note:
        raise ReasonRequired(
            f"Say why it is {DECISIONS[status]}: readers of the desk, and its history, need "
            'the reason (e.g. "1 + 6 = 7: the morgue is on the hospital\'s grounds").',
            field="note",
        )
    locked = sorted({discrepancy.claim_id, discrepancy.other_claim_id})
    list(Claim.objects.select_for_update().filter(pk__in=locked).order_by("pk"))
    discrepancy = (
        Discrepancy.objects.select_for_update(of=("self",))
        .select_related("figure__appearance__source", "other__appearance__source")
        .get(pk=discrepancy.pk)
    )
    a, b = discrepancy.figure, discrepancy.other
    live = all(f is not None and not f.stale and not f.removed for f in (a, b))
    found = _disagreement(a, b) if live else None
    if status == Status.CONFIRMED and found is None:
        raise DiscrepancyNoLongerHolds(
            "These figures no longer disagree (one of them was corrected, or its words left "
            "the quote), so there is nothing to confirm; dismiss it, saying so."
        )
    if live:
        discrepancy.stated = [side(a), side(b)]
    if found is not None:
        discrepancy.label = found
    discrepancy.status, discrepancy.note, discrepancy.outdated = status, note, False
    discrepancy.decided_by, discrepancy.decided_at = by, timezone.now()
    _save(discrepancy, by=by, reason=f"{DECISIONS[status]}: {note}" if note else DECISIONS[status])
    _refresh_public(discrepancy)
    return discrepancy


def discrepancy_confirm(*, discrepancy: Discrepancy, by: AbstractBaseUser, note: str = ""):
    return discrepancy_decide(discrepancy=discrepancy, by=by, status=Status.CONFIRMED, note=note)


def discrepancy_dismiss(*, discrepancy: Discrepancy, by: AbstractBaseUser, note: str):
    return discrepancy_decide(discrepancy=discrepancy, by=by, status=Status.DISMISSED, note=note)


def discrepancy_explain(*, discrepancy: Discrepancy, by: AbstractBaseUser, note: str):
    return discrepancy_decide(discrepancy=discrepancy, by=by, status=Status.EXPLAINED, note=note)
