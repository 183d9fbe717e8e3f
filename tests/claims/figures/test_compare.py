"""Figures in one unit (pint) and whether two agree (claims.figures.units, .compare)."""

import pytest

from claims.figures import extract_figures
from claims.figures.compare import AGREE, DIFFER, QUALIFIER_DIFFERS, label, relative_precision
from claims.figures.units import normalised


def _figure(quote: str):
    [figure] = extract_figures(quote)
    return figure


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (45, "mile", (72.42, "kilometre")),
        (70, "km", (70.0, "kilometre")),
        (3, "day", (3.0, "day")),
        (2, "week", (14.0, "day")),
        (2, "fortnight", (28.0, "day")),  # pint knows it; our reader does not
        (500, "kilogram", (0.5, "tonne")),
        (0.25, "fraction", (25.0, "percent")),
        (368, "", (368, "")),
        (1.2e9, "USD", (1.2e9, "USD")),
    ],
)
def test_figures_are_put_in_one_unit_a_dimension(value, unit, expected):
    got_value, got_unit = normalised(value, unit)
    assert (round(got_value, 2), got_unit) == expected


@pytest.mark.parametrize(
    "unit",
    ["sorties", "verst-ish", "meter / second", "%%", "1/0", "meter**99999999", "fortnight" * 5],
)
def test_a_unit_pint_does_not_know_or_cannot_compare_stays_as_written(unit):
    assert normalised(12, unit) == (12, unit)


def test_a_figure_is_as_precise_as_its_last_significant_digit():
    assert relative_precision(368) == pytest.approx(0.5 / 368)
    assert relative_precision(344_000) == pytest.approx(500 / 344_000)
    assert relative_precision(70) == pytest.approx(5 / 70)
    assert relative_precision(45) == pytest.approx(2.5 / 45)  # a round number, in fives
    assert relative_precision(1_000_000) == 0.10  # never looser than a tenth


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [
        # The seed article's march and another outlet's: 72.4 km and 70 km, 3.4 % apart.
        ("a 45-mile march", "a march of 70 kilometres", AGREE),
        ("a 45-mile march", "a march of 100 km", DIFFER),
        ("a pre-war population of one million", "nearly one million people", QUALIFIER_DIFFERS),
        ("seven shells", "six other shells", DIFFER),
        ("368 civilian casualties", "some 370 casualties", QUALIFIER_DIFFERS),
        ("368 civilian casualties", "370 casualties", AGREE),
        ("52 bodies", "12 bodies", DIFFER),
        ("between 5,000 and 6,000 troops", "5,500 troops", AGREE),
        ("three days", "72 hours", AGREE),
        ("$1.2 billion", "€1.2 billion", DIFFER),  # no rate between currencies
    ],
)
def test_two_accounts_of_a_figure_agree_differ_or_differ_in_qualifier(one, other, expected):
    assert label(_figure(one), _figure(other)) == expected
    assert label(_figure(other), _figure(one)) == expected
