"""Reading a quote token by token: numerals and number words, the qualifier before a
number and the unit after it, what a figure counts, and what only looks like a figure (a
date, a name, an ordinal, a time, a telephone number)."""

import re
from dataclasses import dataclass

from . import vocabulary as v

QUALIFIERS = tuple(sorted(v.QUALIFIERS))

# Numerals: 344,000 / 344 000 (a space or a narrow no-break space between thousands) / 1.5
# / 1,5 (a decimal comma, as Russian writes it); words, apostrophes inside (п'ять); signs.
_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:\.(?=[a-z]\.))?(?:(?<=\b[ap])\.m)?)"
    r"|(?P<sign>[$€₽₴%\-–—/()])"
)
# A time of day: 17:30, 5 p.m., 3.30 p.m. Not 17.30 alone, which is as often 17.3 as half
# past five.
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b(?!\d)|\b\d{1,2}(?:[.:]\d{2})?\s*(?:a\.m|p\.m|am|pm)\b", re.I)
HYPHENS = {"-", "–", "—"}


@dataclass
class _Token:
    kind: str  # num, word, sign
    text: str
    low: str
    start: int
    end: int


def _tokens(quote: str) -> list[_Token]:
    masked = _TIME.sub(lambda m: " " * len(m.group()), quote)
    return [
        _Token(m.lastgroup, m.group(), m.group().lower(), m.start(), m.end())
        for m in _TOKEN.finditer(masked)
    ]


def _numeral(text: str) -> float:
    """344,000 / 344 000 / 1,5 / 1.5 as a number."""
    text = re.sub(r"[ \u00a0\u202f]", "", text)
    if "," in text:
        head, _, tail = text.rpartition(",")
        if len(tail) == 3 and "." not in tail:  # 1,500 or 344,000: thousands
            text = text.replace(",", "")
        else:  # 1,5: a decimal comma
            text = head.replace(",", "") + "." + tail
    return float(text)


class Reader:
    def __init__(self, quote: str) -> None:
        self.quote = quote
        self.tokens = _tokens(quote)

    def glued(self, i: int, j: int) -> bool:
        """Whether tokens i and j (j = i + 1) touch, with no space between."""
        return (
            0 <= i < len(self.tokens)
            and 0 <= j < len(self.tokens)
            and (self.tokens[i].end == self.tokens[j].start)
        )

    def spaced(self, i: int, j: int) -> bool:
        """Whether only spaces stand between tokens i and j: no comma, no full stop."""
        if not (0 <= i < len(self.tokens) and 0 <= j < len(self.tokens)):
            return False
        return not self.quote[self.tokens[i].end : self.tokens[j].start].strip()

    def low(self, i: int) -> str:
        return self.tokens[i].low if 0 <= i < len(self.tokens) else ""

    # A number: digits or words, with a scale ("1.5 million", "344 тысячи", "a dozen").
    def number(self, i: int) -> tuple[float, int] | None:
        """The number starting at token i and the index after it, or None."""
        tokens, n = self.tokens, len(self.tokens)
        if i >= n:
            return None
        token = tokens[i]
        if token.kind == "num":
            value, j = _numeral(token.text), i + 1
        elif token.low in v.NUMBER_WORDS or token.low in v.SCALES:
            value, j = self._words(i)
            if value is None:
                return None
        elif (
            token.low == "half" and self.low(i + 1) in ("a", "an") and (self.low(i + 2) in v.SCALES)
        ):
            return self._scaled(0.5, i + 2)
        elif token.low in ("a", "an") and self.low(i + 1) in v.SCALES:
            return self._scaled(float(v.SCALES[self.low(i + 1)]), i + 2)  # a dozen
        else:
            return None
        return self._scaled(value, j)

    def _scaled(self, value: float, j: int) -> tuple[float, int]:
        while j < len(self.tokens) and self.low(j) in v.SCALES and self.low(j) != "hundred":
            value *= v.SCALES[self.low(j)]
            j += 1
        return value, j

    def _words(self, i: int) -> tuple[float | None, int]:
        """A run of number words: "one hundred and twelve", "twenty-three", "сто двадцать"."""
        total, current, j, seen = 0.0, 0.0, i, False
        while j < len(self.tokens):
            low = self.low(j)
            if low in v.NUMBER_WORDS:
                current += v.NUMBER_WORDS[low]
            elif low == "hundred" and seen:
                current = (current or 1) * 100
            elif low in v.SCALES and low != "hundred":
                if not seen and low not in v.LONE_SCALES:
                    return None, i  # "thousands", "тысячи" alone: not a number
                total += (current or 1) * v.SCALES[low]
                current = 0
            elif (
                low in HYPHENS
                and seen
                and self.low(j + 1) in v.NUMBER_WORDS
                and (self.glued(j - 1, j) and self.glued(j, j + 1))
            ) or (low == "and" and seen and self.low(j + 1) in v.NUMBER_WORDS):
                j += 1
                continue
            else:
                break
            seen = True
            j += 1
        if not seen:
            return None, i
        return total + current, j

    def qualifier(self, i: int) -> tuple[str, int]:
        """The qualifier whose words end just before token i (or before a preposition
        there: "почти на 40%", "менее чем в 45 километрах"), and the index of its first."""
        found = self._qualifier(i)
        if not found[0] and self.low(i - 1) in v.PREPOSITIONS:
            found = self._qualifier(i - 1)
            if found[0] == "up_to":  # "до" is the preposition's own
                return "", i
        return found if found[0] else ("", i)

    def _qualifier(self, i: int) -> tuple[str, int]:
        for qualifier in QUALIFIERS:
            for phrase in sorted(v.QUALIFIERS[qualifier], key=len, reverse=True):
                words = phrase.split()
                start = i - len(words)
                if start >= 0 and [self.low(k) for k in range(start, i)] == words:
                    if words == ["over"] and self.low(start - 1) in v.PHRASAL_OVER:
                        continue  # "handed over 10 paratroopers"
                    return qualifier, start
        return "", i

    def unit(self, j: int) -> tuple[str, int, bool]:
        """The unit right after a number ending before token j: (unit, index after it,
        whether the figure is an age, as in "19-year-old")."""
        k = j
        if self.low(k) in HYPHENS and self.glued(k - 1, k):
            k += 1
        low = self.low(k)
        if k > j and self.glued(k - 1, k):  # 20-летний, 19-річний: a compound
            for suffix, (unit, kind) in v.COMPOUND_UNITS.items():
                if low.startswith(suffix):
                    return unit, k + 1, kind == "age"
        if low == "per" and self.low(k + 1) == "cent":
            return "percent", k + 2, False
        if low == "per" and self.low(k + 1) in HYPHENS and self.low(k + 2) == "cent":
            return "percent", k + 3, False
        if low in v.UNIT_FORMS:
            # "м" or "m" only right after digits; a lone "m" elsewhere is a word.
            if (
                low in ("m", "м", "mi", "min", "t")
                and not self.glued(k - 1, k)
                and (self.tokens[k - 1].kind != "num")
            ):
                return "", j, False
            unit = v.UNIT_FORMS[low]
            after = k + 1
            if unit == "year" and self.low(after) in HYPHENS and self.low(after + 1) == "old":
                return "year", after + 2, True
            return unit, after, False
        return "", j, False

    def kind(self, unit: str, start: int, end: int, age: bool) -> str:
        if age:
            return "age"
        if unit in v.UNIT_KINDS:
            return v.UNIT_KINDS[unit]
        ahead = self._words_around(end, 5, 1)
        behind = self._words_around(start - 1, 6, -1)
        for words in (ahead, behind):
            for word in words:
                for kind, prefixes in v.KIND_WORDS.items():
                    if word.startswith(tuple(prefixes)):
                        return kind
        return "other"

    def _words_around(self, i: int, count: int, step: int) -> list[str]:
        words = []
        while 0 <= i < len(self.tokens) and len(words) < count:
            token = self.tokens[i]
            if token.kind == "word":
                words.append(token.low)
            elif token.kind == "num":
                break  # another figure's words
            i += step
        return words

    # What is not a figure.
    def is_date_or_name(self, i: int, j: int, value: float) -> bool:
        tokens = self.tokens
        first = tokens[i]
        before = self.low(i - 1) if self.spaced(i - 1, i) else ""
        after = self.low(j) if self.spaced(j - 1, j) else ""
        if before in v.MONTHS or after in v.MONTHS:
            return True
        if first.kind == "num" and re.match(r"0\d| 0 ", first.text + " ") and len(first.text) > 1:
            return True  # 0 800 501 482, 050: a telephone number
        if any(self.low(k) in v.TELEPHONE for k in range(max(0, i - 3), i)):
            return True
        year_like = first.kind == "num" and re.fullmatch(r"\d{4}", first.text)
        # A bare four-digit year, unless a count follows it ("2000 человек").
        if (
            year_like
            and 1800 <= value <= 2100
            and (after in v.YEAR_WORDS or not self._counts_something(j))
        ):
            return True
        if self.low(i - 1) in v.NAMING_WORDS:  # "No. 14" too
            return True
        # Glued to letters: MH17, Su-25, BM-21, M04, 331st, 3-й.
        if first.kind == "num" and self.glued(i - 1, i) and tokens[i - 1].kind == "word":
            return True
        if (
            i >= 2
            and self.low(i - 1) in HYPHENS
            and (self.glued(i - 2, i - 1) and self.glued(i - 1, i) and tokens[i - 2].kind == "word")
            and tokens[i - 2].low not in v.NUMBER_WORDS
        ):
            return True  # Su-25, BM-21, one-on-one
        if first.kind == "num" and self._suffixed(j):
            return True  # 331st, 3rd, 3-й, 5-го: ordinals
        if after in v.TIME_WORDS:
            return True
        if (
            first.kind == "word"
            and self.low(j) in HYPHENS
            and self.glued(j - 1, j)
            and (self._hyphenated_word(j + 1))
        ):
            return True  # "one-on-one", "two-storey": a word, not a figure
        # "one of them", "one day", "one by one", "один из задержанных"
        return value == 1 and first.low in v.ONE and after in v.NOT_ONE

    def _hyphenated_word(self, k: int) -> bool:
        low = self.low(k)
        return (
            bool(low)
            and low not in v.UNIT_FORMS
            and low not in v.NUMBER_WORDS
            and (low not in v.FRACTIONS and low not in ("per",))
        )

    def _suffixed(self, j: int) -> bool:
        """Whether the numeral ending before token j carries a letter suffix, not a unit."""
        k = j + 1 if self.low(j) in HYPHENS and self.glued(j, j + 1) else j
        if k >= len(self.tokens) or not self.glued(k - 1, k) or self.tokens[k].kind != "word":
            return False
        word = self.tokens[k].low
        if word in v.UNIT_FORMS or word in v.SCALES or word in v.NUMBER_WORDS:
            return False
        return k == j or len(word) <= 3

    def _counts_something(self, j: int) -> bool:
        unit, _, _ = self.unit(j)
        if unit:
            return True
        words = self._words_around(j, 2, 1)
        return any(
            word.startswith(tuple(p)) for word in words for p in v.KIND_WORDS.values()
        ) or any(w in ("people", "человек", "людей", "осіб", "civilians") for w in words)

    def fraction(self, i: int) -> tuple[float, int, int] | None:
        """ "half", "a third", "a quarter", "половина": (share, first, after) or None."""
        low = self.low(i)
        if low == "half" and self.low(i + 1) in ("a", "an") and self.low(i + 2) in v.SCALES:
            return None  # "half a million": a number, read as one
        if low in v.FRACTIONS_ALONE:
            return v.FRACTIONS[low], i, i + 1
        english = self.low(i + 1) in v.SHARE_OF
        if low == "half" and english:
            return 0.5, i, i + 1
        if low in v.FRACTIONS and self.low(i - 1) in ("a", "one") and english:
            return v.FRACTIONS[low], i - 1, i + 1
        return None

    def parts(self, j: int) -> tuple[float, int] | None:
        """The fraction word right after a number ending before j ("two-thirds", "three
        quarters"): (its value, the index after it), or None."""
        k = j + 1 if self.low(j) in HYPHENS and self.glued(j - 1, j) else j
        low = self.low(k)
        if low in v.FRACTIONS_PLURAL:
            return v.FRACTIONS[low], k + 1
        return None
