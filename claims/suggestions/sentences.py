"""An article's text split into sentences, each with its span in the text, in English,
Russian and Ukrainian.

A sentence ends at ".", "!", "?" or "…" (with any closing quotation marks and brackets)
before a space and what can begin one: a capital, a digit or an opening quotation mark; a
paragraph always ends one. It does not end after an abbreviation (Mr., Dr., U.S., No. 14,
ул., т.е., г.), an initial (V. Putin, В. Путин) or inside a quotation that is still open,
so "He said: 'We came. We saw.'" stays one sentence, as a researcher would quote it; a line
break closes every quotation. A passage with no end for more than MAX_SENTENCE characters
is cut at words into parts, none longer.
"""

import re
from dataclasses import dataclass

# Words after which a full stop rarely ends a sentence, lower-cased, without the stop.
ABBREVIATIONS = frozenset(
    {
        # English
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "cpl",
        "gov", "sen", "rep", "pres", "st", "mt", "jr", "sr", "no", "nos", "vs", "etc",
        "e.g", "i.e", "approx", "est", "fig", "inc", "ltd", "co", "corp", "dept", "u.s",
        "u.k", "u.n", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "a.m", "p.m",
        # Russian and Ukrainian
        "г", "гг", "ул", "д", "т.е", "т.к", "т.д", "т.п", "др", "пр", "им", "тыс", "млн",
        "млрд", "руб", "коп", "км", "см", "стр", "рис", "напр", "прим", "ген",
        "полк", "тис", "грн", "вул", "р", "рр", "див", "ст", "обл", "с", "пос", "смт",
    }
)  # fmt: skip
OPENING = "\"“«„‘'(["
CLOSING = "\"”»“’')]"
ENDS = ".!?…"
# A sentence end: its stops, any closing marks, then space. Taken from the first stop of a
# run and never given back, so a run of thousands of stops is read once.
END = re.compile(r"(?<![.!?…])[.!?…]++[\"”»“’')\]]*+(?=\s)")
# Longer than this is not a sentence but a table, a list or a page's scripts run together:
# cut at words into parts, which bounds what the patterns are run on.
MAX_SENTENCE = 2_000
PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-•*]\s)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    # 0 for a sentence; for a passage longer than MAX_SENTENCE, which part of it, from 1.
    part: int = 0


def _word_before(text: str, stop: int) -> str:
    """The word (letters and inner stops) that ends where the stop at index stop stands."""
    start = stop
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:stop].lower()


def _may_begin(text: str, at: int) -> bool:
    """Whether a sentence may begin at the first non-space character from at."""
    while at < len(text) and text[at].isspace():
        at += 1
    if at >= len(text):
        return True
    first = text[at]
    return first.isupper() or first.isdigit() or first in OPENING or first in "—–-"


def _ends_here(text: str, match: re.Match, open_quotes: int) -> bool:
    stops = match.group(0).rstrip(CLOSING)
    closed = match.group(0)[len(stops) :]
    if open_quotes > 0 and not closed:
        return False  # inside a quotation still open: "We came. We saw."
    if stops == "." and not closed:
        word = _word_before(text, match.start())
        if word.rstrip(".") in ABBREVIATIONS:
            return False
        if len(word) == 1 and word.isalpha():
            return False  # an initial: V. Putin
    return _may_begin(text, match.end())


PAIRS = {"»": "«", "”": "“", "“": "„"}


def _track_quotations(open_quotes: list[str], text: str, start: int, end: int) -> None:
    """Update open_quotes, the quotation marks still open, with those of text[start:end].
    “ closes a „ (Russian and Ukrainian „…“) and otherwise opens one; a straight double
    quote closes the one it opened. A line break closes them all: a quotation never spans
    paragraphs, so a stray mark costs one paragraph, not the rest of the text."""
    for char in text[start:end]:
        if char == "\n":
            open_quotes.clear()
        elif char in "«„":
            open_quotes.append(char)
        elif char in PAIRS and open_quotes and open_quotes[-1] == PAIRS[char]:
            open_quotes.pop()
        elif char == "“":
            open_quotes.append(char)
        elif char == '"':
            if open_quotes and open_quotes[-1] == '"':
                open_quotes.pop()
            else:
                open_quotes.append(char)


def split(text: str) -> list[Sentence]:
    """The sentences of text, in order, each stripped of surrounding space, with its span;
    none longer than MAX_SENTENCE. One pass: the quotations open are kept up to date as
    the scan moves on, never read again from where the sentence began."""
    sentences: list[Sentence] = []
    for start, end in _paragraphs(text):
        cursor, part, scanned = start, 0, start
        open_quotes: list[str] = []
        for match in END.finditer(text, start, end):
            cursor, part = _cut_at_most(sentences, text, cursor, match.end(), part)
            # Up to the next word, so that a line break after the stop closes what is open.
            after = match.end()
            while after < end and text[after].isspace():
                after += 1
            _track_quotations(open_quotes, text, scanned, after)
            scanned = after
            if _ends_here(text, match, len(open_quotes)):
                _add(sentences, text, cursor, match.end(), part + 1 if part else 0)
                cursor, part = match.end(), 0
                open_quotes.clear()
        cursor, part = _cut_at_most(sentences, text, cursor, end, part)
        _add(sentences, text, cursor, end, part + 1 if part else 0)
    return sentences


def _cut_at_most(
    sentences: list[Sentence], text: str, start: int, end: int, part: int
) -> tuple[int, int]:
    """Add the parts of text[start:end] (a sentence still going on) that are more than
    MAX_SENTENCE from its start, each cut at the last space before the limit (at the limit
    in a word longer than that). Where the rest begins, and the number of the last part."""
    last = end
    while last > start and text[last - 1].isspace():
        last -= 1
    while True:
        while start < end and text[start].isspace():
            start += 1
        if last - start <= MAX_SENTENCE:
            return start, part
        cut = start + MAX_SENTENCE
        while cut > start and not text[cut].isspace():
            cut -= 1
        if cut == start:
            cut = start + MAX_SENTENCE
        part += 1
        _add(sentences, text, start, cut, part)
        start = cut


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for match in PARAGRAPH.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    # A single line break inside a paragraph is a line of its own when the line before it
    # ends without a stop (a headline, a caption, a byline).
    lines = []
    for start, end in spans:
        cursor = start
        for match in re.finditer(r"\n", text[start:end]):
            at = start + match.start()
            if text[cursor:at].rstrip()[-1:] not in ENDS + CLOSING:
                lines.append((cursor, at))
                cursor = at + 1
        lines.append((cursor, end))
    return lines


def _add(sentences: list[Sentence], text: str, start: int, end: int, part: int = 0) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(start, end, text[start:end], part))
