"""Figures in one unit: distances in kilometres, durations in days, weights in tonnes,
shares in percent, converted by pint. Counts and money keep their unit (money is compared
only in the same currency: a rate would be a claim of its own)."""

import functools
import re

from .vocabulary import CURRENCIES, UNIT_FORMS

# The unit names figures keep, as pint spells them.
_PINT = {
    "mile": "mile", "kilometre": "kilometer", "metre": "meter", "day": "day", "hour": "hour",
    "minute": "minute", "week": "week", "month": "month", "year": "year",
    "tonne": "metric_ton", "kilogram": "kilogram",
}  # fmt: skip
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z_ ]{0,31}")
# The units figures are compared in, one a dimension.
_INTO = ("kilometre", "day", "tonne")


@functools.cache
def _registry():
    # pint costs 0.35 s to import and build its registry: paid by the processes that compare
    # figures, once, not by every process that imports the models.
    import pint

    return pint.UnitRegistry()


def unit_name(text: str) -> str:
    """The name figures keep for a unit as a quote or a researcher writes it ("km", "miles",
    "км"), else the text itself, trimmed."""
    text = text.strip()
    return UNIT_FORMS.get(text.lower(), text)


def normalised(value: float, unit: str) -> tuple[float, str]:
    """value in unit as (value, unit) in the unit figures of its kind are compared in: a
    distance in kilometres, a duration in days, a weight in tonnes, a share in percent. A
    unit pint does not know, or whose dimension is none of those, stays as it is."""
    unit = unit_name(unit)
    if unit == "fraction":
        return value * 100, "percent"
    if unit in CURRENCIES or unit == "percent" or not _PLAIN_NAME.fullmatch(unit):
        # Not a name pint could know ("1/0", "meter / second" would be expressions for it
        # to evaluate): kept as written, compared only with the same text.
        return value, unit
    registry = _registry()
    import pint

    try:
        quantity = registry.Quantity(value, _PINT.get(unit, unit))
        for into in _INTO:
            if quantity.check(registry.Quantity(1, _PINT[into]).dimensionality):
                return float(quantity.to(_PINT[into]).magnitude), into
    except (pint.PintError, AttributeError, TypeError, ValueError):
        # Not a unit pint knows ("sorties"), or not one it can read: kept as written.
        pass
    return value, unit


def in_one_unit(value: float, unit: str) -> str:
    """A normalised figure as pages show it: four significant digits and its unit
    ("72.42 kilometre", "344,000")."""
    return f"{value:,.4g} {unit}".strip()
