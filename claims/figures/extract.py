"""Reading the figures out of a quote: each number stated in it (in digits or in words, in
English, Russian or Ukrainian), with its range, qualifier, unit, what it counts, and the
characters of the quote that state it.

A reader of our own, not quantulum3: quantulum3 knows no qualifiers and no Cyrillic units,
and reads "26 August 2014" and "Su-25" as figures; on the held-out set it gets the values
alone right at a precision of 0.70 and a recall of 0.78, this reader value, range, unit and
qualifier together at 0.98 and 0.96 (bench/figures.py). Units are converted by pint
(`units.py`).
"""

from dataclasses import dataclass

from . import vocabulary as v
from .reader import HYPHENS, Reader


@dataclass(frozen=True)
class Figure:
    """One figure of a quote. `upper` is the top of a range ("12 to 15"); `unit` is a name
    from vocabulary.UNIT_FORMS' values, "fraction", or "" for a count; `start` and `end`
    delimit its words in the quote, qualifier and unit included."""

    value: float
    upper: float | None
    qualifier: str
    unit: str
    kind: str
    start: int
    end: int


def _figure(reader: Reader, first: int, last: int, **fields) -> Figure:
    tokens = reader.tokens
    return Figure(start=tokens[first].start, end=tokens[last - 1].end, **fields)


def _compound(reader: Reader, i: int) -> tuple[Figure, int] | None:
    """A number written into one word with its unit, as Russian and Ukrainian do:
    "трёхдневный" (three-day), "девятнадцатилетний" (19-year-old), "триденний"."""
    low = reader.low(i)
    for suffix, (unit, kind) in v.COMPOUND_UNITS.items():
        head, found, _ = low.partition(suffix)
        if found and head in v.NUMBER_WORDS:
            qualifier, first = reader.qualifier(i)
            figure = _figure(
                reader, first, i + 1, value=v.NUMBER_WORDS[head], upper=None,
                qualifier=qualifier, unit=unit, kind=kind,
            )  # fmt: skip
            return figure, i + 1
    return None


def _share(reader: Reader, share: float, first: int, after: int) -> tuple[Figure, int]:
    qualifier, first = reader.qualifier(first)
    figure = _figure(
        reader, first, after, value=round(share, 4), upper=None, qualifier=qualifier,
        unit="fraction", kind="share",
    )  # fmt: skip
    return figure, after


def extract_figures(quote: str) -> list[Figure]:
    """Every figure the quote states, in the order it states them."""
    reader = Reader(quote)
    tokens, figures, i = reader.tokens, [], 0
    while i < len(tokens):
        found = _figure_at(reader, i)
        if found is None:
            i += 1
            continue
        figure, i = found
        figures.append(figure)
    return figures


def _figure_at(reader: Reader, i: int) -> tuple[Figure, int] | None:
    tokens = reader.tokens
    fraction = reader.fraction(i) if tokens[i].kind == "word" else None
    if fraction is not None:
        return _share(reader, *fraction)
    start = i
    range_open = ""
    if reader.low(i) in ("between", "from", "от", "від") and reader.number(i + 1):
        range_open, i = reader.low(i), i + 1
    sign = ""
    if tokens[i].text in v.CURRENCY_SIGNS:
        sign, i = v.CURRENCY_SIGNS[tokens[i].text], i + 1
    number = reader.number(i)
    if number is None:
        return _compound(reader, i)
    value, j = number
    if reader.is_date_or_name(i, j, value):
        return None
    if reader.low(j) in ("in", "из", "з", "із") and not sign:
        whole = reader.number(j + 1)
        if (
            whole is not None
            and whole[0] > value
            and (tokens[j + 1].kind == "num" or reader.low(j + 1) in v.NUMBER_WORDS)
        ):
            return _share(reader, value / whole[0], start, whole[1])  # one in five
    parts = reader.parts(j)
    if parts is not None and not sign:
        return _share(reader, value * parts[0], start, parts[1])
    upper = None
    joiners = {"between": ("and",), "from": ("to",), "от": ("до",), "від": ("до",)}
    link = reader.low(j)
    if (range_open and link in joiners[range_open]) or (
        not range_open and (link in ("to",) or (link in HYPHENS and reader.glued(j - 1, j)))
    ):
        k = j + 1
        if k < len(tokens) and tokens[k].text in v.CURRENCY_SIGNS:
            k += 1
        top = reader.number(k)
        if top is not None and top[0] > value:
            if reader.is_date_or_name(k, top[1], top[0]):
                return None  # "from 18 to 28 August": days of a month
            upper, j = top
    unit, after, age = reader.unit(j)
    if sign:
        unit = sign
    qualifier, first = ("", start) if range_open else reader.qualifier(start)
    if (
        qualifier == "more_than"
        and reader.low(first) == "over"
        and (v.UNIT_KINDS.get(unit) == "duration")
    ):
        qualifier, first = "", start  # "over 24 hours": during them
    kind = reader.kind(unit, first, after, age)
    figure = _figure(
        reader, first, after, value=value, upper=upper, qualifier=qualifier, unit=unit,
        kind=kind,
    )  # fmt: skip
    return figure, after
