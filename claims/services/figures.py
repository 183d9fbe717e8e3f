"""The figures of appearances: read from the quote whenever it is saved, and entered,
corrected or removed by researchers, whose work a later reading never undoes.

Reading takes a twentieth of a millisecond a quote (bench/figures.py), so it runs inside the
save's transaction: nobody sees a quote without its figures, or with another quote's.
On a published claim a researcher's change is a reviewer's to make, as for the quote.
"""

import math

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .. import visibility
from ..figures import extract_figures
from ..models import Appearance, Figure, FigureKind, FigureOrigin, FigureQualifier
from .discrepancies import discrepancies_refresh
from .errors import FigureInvalid
from .rows import locked_claim, save_with_reason
from .rules import require_appearances_editable, require_permission

WORDS_LENGTH = Figure._meta.get_field("words").max_length
UNIT_LENGTH = Figure._meta.get_field("unit").max_length


def figures_read(appearance: Appearance) -> None:
    """Read the figures of appearance's quote as it now stands, in the caller's transaction.

    A figure read as before keeps its row (and its id, which others may point at), moved to
    where it now stands; the reader's figures no longer read go, and new ones come.
    Researchers' figures stay, each moved to where its words now stand in the quote, or
    marked stale where they no longer do; a figure read where a researcher's (or a removed
    one) stands is theirs, not read again.
    """
    quote = appearance.quote
    theirs = list(appearance.figures.exclude(origin=FigureOrigin.READ))
    for figure in theirs:
        _follow_the_words(figure, quote)
    held = [(f.start, f.end) for f in theirs if not f.stale]
    before: dict[tuple, list[Figure]] = {}
    for figure in appearance.figures.filter(origin=FigureOrigin.READ).order_by("start"):
        before.setdefault(_same(figure), []).append(figure)
    new = []
    for found in extract_figures(quote):
        if any(found.start < end and start < found.end for start, end in held):
            continue
        row = _row(appearance, found, quote)
        kept = before.get(_same(row))
        if not kept:
            new.append(row)
            continue
        figure = kept.pop(0)
        if (figure.start, figure.end) != (row.start, row.end):
            Figure.objects.filter(pk=figure.pk).update(start=row.start, end=row.end)
    gone = [figure.pk for rows in before.values() for figure in rows]
    if gone:
        Figure.objects.filter(pk__in=gone).delete()
    Figure.objects.bulk_create(new)


def _same(figure: Figure) -> tuple:
    """What makes a figure of a new reading the one read before."""
    return (
        figure.words, figure.value, figure.upper, figure.qualifier, figure.unit, figure.kind,
    )  # fmt: skip


def _row(appearance: Appearance, found, quote: str) -> Figure:
    figure = Figure(
        appearance=appearance,
        value=found.value,
        upper=found.upper,
        qualifier=found.qualifier,
        unit=found.unit,
        kind=found.kind if found.kind in FigureKind.values else FigureKind.OTHER,
        start=found.start,
        end=found.end,
        words=quote[found.start : found.end][:WORDS_LENGTH],
    )
    figure.normalise()  # bulk_create does not call save(), which does it
    return figure


def _follow_the_words(figure: Figure, quote: str) -> None:
    """Keep a researcher's figure on its words in the edited quote: where they stand once,
    there; where they no longer stand (or stand twice, and which is meant is a guess),
    stale."""
    if quote[figure.start : figure.end] == figure.words:
        stale, start = False, figure.start
    else:
        stale, start = quote.count(figure.words) != 1, quote.find(figure.words)
    if stale == figure.stale and (stale or start == figure.start):
        return
    figure.stale = stale
    if not stale:
        figure.start, figure.end = start, start + len(figure.words)
    Figure.objects.filter(pk=figure.pk).update(
        stale=figure.stale, start=figure.start, end=figure.end
    )


def _require_editable(appearance: Appearance, by: AbstractBaseUser) -> Appearance:
    claim = locked_claim(appearance.claim)
    require_appearances_editable(claim, by)
    return Appearance.objects.select_for_update().get(pk=appearance.pk)


def _checked(quote: str, fields: dict) -> dict:
    """fields of a figure as a researcher gave them, checked against the quote: the words
    must stand in it (at `start` when given), the numbers be numbers, a range ascend."""
    words = str(fields.get("words", "")).strip()
    if not words:
        raise FigureInvalid("Give the quote's words that state the figure.", field="words")
    if len(words) > WORDS_LENGTH:
        raise FigureInvalid(
            f"A figure's words are at most {WORDS_LENGTH} characters.", field="words"
        )
    start = fields.get("start")
    if start is None:
        start = quote.find(words)
    if start < 0 or quote[start : start + len(words)] != words:
        raise FigureInvalid(
            f"“{words}” is not in this appearance's quote: give the words as they stand in it.",
            field="words",
        )
    value, upper = fields.get("value"), fields.get("upper")
    for name, number in (("value", value), ("upper", upper)):
        if number is None and name == "upper":
            continue
        if (
            not isinstance(number, int | float)
            or isinstance(number, bool)
            or not (math.isfinite(number))
        ):
            raise FigureInvalid(f"The figure's {name} must be a number.", field=name)
    if upper is not None and upper <= value:
        raise FigureInvalid(
            "The top of a range must be above its bottom; for one figure, leave it empty.",
            field="upper",
        )
    qualifier, kind = fields.get("qualifier", ""), fields.get("kind", FigureKind.OTHER)
    if qualifier not in FigureQualifier.values:
        raise FigureInvalid(
            f"The qualifier is one of: {', '.join(FigureQualifier.values[1:])}, or none.",
            field="qualifier",
        )
    if kind not in FigureKind.values:
        raise FigureInvalid(f"The kind is one of: {', '.join(FigureKind.values)}.", field="kind")
    unit = str(fields.get("unit", "")).strip()
    if len(unit) > UNIT_LENGTH:
        raise FigureInvalid(f"A unit is at most {UNIT_LENGTH} characters.", field="unit")
    return {
        "words": words, "start": start, "end": start + len(words), "value": float(value),
        "upper": None if upper is None else float(upper), "qualifier": qualifier,
        "kind": kind, "unit": unit,
    }  # fmt: skip


FIGURE_FIELDS = ("words", "start", "value", "upper", "qualifier", "unit", "kind")


@transaction.atomic
def figure_add(*, appearance: Appearance, by: AbstractBaseUser, **fields) -> Figure:
    """A figure the reader missed, entered by a researcher."""
    require_permission(by, "claims.add_figure", "add figures")
    appearance = _require_editable(appearance, by)
    figure = Figure(
        appearance=appearance,
        origin=FigureOrigin.ENTERED,
        entered_by=by,
        **_checked(appearance.quote, fields),
    )
    save_with_reason(figure, by=by, reason="entered")
    visibility.refresh_if_shown(figure)
    discrepancies_refresh([appearance.claim_id], by=by)
    return figure


@transaction.atomic
def figure_update(*, figure: Figure, by: AbstractBaseUser, **changes) -> Figure:
    """Correct a figure: it is the researcher's from now on, and no reading replaces it."""
    require_permission(by, "claims.change_figure", "correct figures")
    appearance = _require_editable(figure.appearance, by)
    figure = Figure.objects.select_for_update().get(pk=figure.pk)
    unknown = set(changes) - set(FIGURE_FIELDS)
    if unknown:
        raise FigureInvalid(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    current = {name: getattr(figure, name) for name in FIGURE_FIELDS}
    if "words" in changes and "start" not in changes:
        current["start"] = None  # new words: found anew in the quote
    fields = _checked(appearance.quote, current | changes)
    for name, value in fields.items():
        setattr(figure, name, value)
    if figure.origin == FigureOrigin.READ:
        figure.origin = FigureOrigin.CORRECTED
    figure.entered_by, figure.stale = by, False
    save_with_reason(figure, by=by, reason="corrected")
    visibility.refresh_if_shown(figure)
    discrepancies_refresh([appearance.claim_id], by=by)
    return figure


@transaction.atomic
def figure_remove(*, figure: Figure, by: AbstractBaseUser) -> None:
    """Remove a figure. One a researcher entered goes; one the reader found stays, removed,
    so that the next reading of the quote does not bring it back."""
    require_permission(by, "claims.delete_figure", "remove figures")
    appearance = _require_editable(figure.appearance, by)
    figure = Figure.objects.select_for_update().get(pk=figure.pk)
    figure._history_user, figure._change_reason = by, "removed"
    with visibility.refresh_around(figure):
        if figure.origin == FigureOrigin.ENTERED:
            figure.delete()
        else:
            figure.origin, figure.entered_by, figure.removed = FigureOrigin.CORRECTED, by, True
            figure.save()
    discrepancies_refresh([appearance.claim_id], by=by)
