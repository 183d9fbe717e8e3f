"""An article's text split into sentences, each with its span in the text, in English,
Russian and Ukrainian.

A sentence ends at ".", "!", "?" or "…" (with any closing quotation marks and brackets)
before a space and what can begin one: a capital, a digit or an opening quotation mark; a
paragraph always ends one. It does not end after an abbreviation (Mr., Dr., U.S., No. 14,
ул., т.е., г.), an initial (V. Putin, В. Путин) or inside a quotation that is still open,
so "He said: 'We came. We saw.'" stays one sentence, as a researcher would quote it.
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
# A sentence end: its stops, any closing marks, then space.
END = re.compile(r"[.!?…]+[\"”»“’')\]]*(?=\s)")
PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-•*]\s)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


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


def _open_quotations(text: str) -> int:
    """How many quotations are open at the end of text. “ closes a „ (Russian and
    Ukrainian „…“) and otherwise opens one; a straight double quote closes the one it
    opened."""
    stack: list[str] = []
    for char in text:
        if char in "«„":
            stack.append(char)
        elif char in PAIRS and stack and stack[-1] == PAIRS[char]:
            stack.pop()
        elif char == "“":
            stack.append(char)
        elif char == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append(char)
    return len(stack)


def split(text: str) -> list[Sentence]:
    """The sentences of text, in order, each stripped of surrounding space, with its span."""
    sentences: list[Sentence] = []
    for paragraph in _paragraphs(text):
        start, end = paragraph
        cursor = start
        for match in END.finditer(text, start, end):
            piece = text[cursor : match.end()]
            if _ends_here(text, match, _open_quotations(piece)):
                _add(sentences, text, cursor, match.end())
                cursor = match.end()
        _add(sentences, text, cursor, end)
    return sentences


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


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(start, end, text[start:end]))
