"""Whether two figures of the same thing agree: in one unit, within what their own rounding
allows, and with the same qualifier.

A figure is as precise as its last significant digit: "368" is good to half a unit, "70"
to five, "45" (a round number, ending in five) to two and a half. Two figures agree when
they are apart by less than the looser of the two allows, relatively, and never by more
than a tenth: "45 miles" (72.4 km) and "70 km" are 3.4 % apart and agree, "100 km" is 38 %
from 72.4 and differs although "100" alone would allow half of itself.
"""

from decimal import Decimal

from .units import normalised

AGREE, DIFFER, QUALIFIER_DIFFERS = "agree", "differ", "qualifier_differs"
LABELS = (AGREE, DIFFER, QUALIFIER_DIFFERS)
MOST = 0.10  # the loosest relative tolerance, however round the figures


def relative_precision(value: float) -> float:
    """Half the step of value's last significant digit (five for a number ending in five),
    relative to value: 368 → 0.5/368, 70 → 5/70, 45 → 2.5/45."""
    if value == 0:
        return 0.0
    digits = Decimal(repr(abs(float(value)))).normalize().as_tuple()
    step = 10.0**digits.exponent
    if digits.digits[-1] == 5 and digits.exponent >= 0:
        step *= 5  # 45, 150, 2,500: rounded to a five
    return min(MOST, step / 2 / abs(value))


def label(a, b) -> str:
    """The label of figures a and b (anything with value, upper, qualifier and unit) of the
    same kind, in one unit: agree, differ or qualifier_differs."""
    low_a, high_a, unit_a = _interval(a)
    low_b, high_b, unit_b = _interval(b)
    if unit_a != unit_b:
        return DIFFER
    tolerance = max(relative_precision(a.value), relative_precision(b.value))
    gap = max(low_b - high_a, low_a - high_b, 0)
    scale = max(abs(high_a), abs(high_b), 1e-12)
    if gap / scale > tolerance:
        return DIFFER
    return AGREE if a.qualifier == b.qualifier else QUALIFIER_DIFFERS


def _interval(figure) -> tuple[float, float, str]:
    low, unit = normalised(figure.value, figure.unit)
    high = low if figure.upper is None else normalised(figure.upper, figure.unit)[0]
    return low, high, unit


SEVERITY = {AGREE: 0, QUALIFIER_DIFFERS: 1, DIFFER: 2}


def comparisons(appearances) -> list[dict]:
    """For each kind of figure that two or more of a claim's appearances state, each one's
    first figure of that kind and one label for them all: the worst of their pairs (any two
    that differ make it `differ`). appearances: (appearance id, its figures in quote order)
    pairs; figures of a kind that counts nothing in particular ("other") are not compared."""
    by_kind: dict[str, list[tuple[int, object]]] = {}
    for appearance_id, figures in appearances:
        seen = set()
        for figure in figures:
            if figure.kind == "other" or figure.kind in seen:
                continue
            seen.add(figure.kind)
            by_kind.setdefault(figure.kind, []).append((appearance_id, figure))
    found = []
    for kind, stated in by_kind.items():
        if len(stated) < 2:
            continue
        labels = [label(a, b) for i, (_, a) in enumerate(stated) for _, b in stated[i + 1 :]]
        found.append(
            {"kind": kind, "label": max(labels, key=SEVERITY.__getitem__), "figures": stated}
        )
    return found
