"""How alike a typed text and a logged claim are, 0 to 1, whether that makes them the same
claim or a related one, and the reasons a researcher can check.

Four things count: the content words they share (stems, so "crossed" meets "crossing"),
how close they are in meaning (the model's cosine, when the matcher answers), the claimant
(the same one, or one of their other names), and the figures (the same figures are a
reason; different figures where both state some mean different claims: "2,000 killed" is
not "3,000 killed"). The weights and thresholds were chosen on the labelled set in
tests/data/similar/ (bench/similar.py measures them).
"""

from dataclasses import dataclass, field

from .text import content_stems, crossing_stems, dominant_script, figures, shares, words

# A text with fewer content words than this is never taken for the same claim: "Shelling
# continued" matches too much to say so.
SAME_NEEDS_WORDS = 4
# At or above: the same claim; one click attaches the typed words as an appearance.
SAME_FROM = 0.78
# At or above: shown as related.
RELATED_FROM = 0.40
# The model's cosine maps linearly onto 0 to 1 from here. On the labelled set the right claim
# sits at a median cosine of 0.83 and the best wrong one at 0.63, but one in ten wrong ones
# reaches 0.82 (the same sentence with other figures, another claim of the same event): so
# meaning alone makes `same` only from 0.82 (0.2 + 0.78 * 0.8).
COSINE_FLOOR, COSINE_CEILING = 0.20, 1.0
# What a candidate's score keeps when it states other figures than the text.
DIFFERENT_FIGURES_FACTOR = 0.6
# A text in Cyrillic meets a claim in Latin script through the names, figures and Latin words
# both give (text.crosses): each counts this much from CROSSING_FROM, up to CROSSING_UP_TO,
# so one makes a related claim and no number of them the same one: the other words go unread.
CROSSING_FROM, CROSSING_EACH, CROSSING_UP_TO = 0.3, 0.1, 0.6


@dataclass
class Reason:
    kind: str  # "wording", "meaning", "claimant", "figures", "different_figures", "short"
    message: str
    words: list[str] = field(default_factory=list)


@dataclass
class Query:
    """The typed text as it is compared."""

    text: str
    stems: frozenset[str]
    figures: frozenset
    content_words: int
    # Its Cyrillic words' stems in Latin letters (text.crossing_stems).
    crossing: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str) -> "Query":
        found = words(text)
        return cls(
            text=text,
            stems=content_stems(text),
            figures=figures(text),
            content_words=sum(1 for word in found if word.content),
            crossing=crossing_stems(text),
        )


def wording(query: Query, texts: list[str]) -> tuple[float, list[str]]:
    """The best overlap of content words between the query and any of texts (a claim's
    text and its appearances' words), as the Dice coefficient of their stems, and the
    candidate's words that matched, as written."""
    best, shared_words = 0.0, []
    for text in texts:
        stems = content_stems(text)
        if not stems or not query.stems:
            continue
        shared = stems & query.stems
        dice = 2 * len(shared) / (len(stems) + len(query.stems))
        if dice > best:
            best = dice
            shared_words = [w.written for w in words(text) if w.content and w.stem in shared]
    return best, list(dict.fromkeys(shared_words))


def crossed(query: Query, texts: list[str]) -> list[str]:
    """For a query with Cyrillic words: the words of the candidate's Latin-script texts, as
    written, that meet the query, either in Latin letters (text.crosses) or as they are
    (figures, "MH17"), one for each stem met, from the text that has most."""
    best: dict[str, str] = {}
    if not query.crossing:
        return []
    for text in texts:
        if dominant_script(text) != "Latn":
            continue
        met: dict[str, str] = {}
        for word in words(text):
            if shares(word, query.stems, query.crossing):
                met.setdefault(word.stem, word.written)
        if len(met) > len(best):
            best = met
    return list(best.values())


def meaning(cosine: float | None) -> float:
    if cosine is None:
        return 0.0
    return min(1.0, max(0.0, (cosine - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR)))


def score(
    query: Query,
    texts: list[str],
    *,
    cosine: float | None,
    claimant_reason: str | None,
    mode: str,
) -> tuple[float, str | None, list[Reason]]:
    """(score, level or None when below related, reasons) of one candidate claim."""
    reasons: list[Reason] = []
    lexical, shared = wording(query, texts)
    candidate_figures = set().union(*(figures(text) for text in texts)) if texts else set()
    across = crossed(query, texts)
    if across and mode != "semantic":
        crossing = min(CROSSING_UP_TO, CROSSING_FROM + CROSSING_EACH * len(across))
        if crossing > lexical:
            lexical, shared = crossing, []
            reasons.append(
                Reason(
                    "wording",
                    f"shares, across scripts, the words {', '.join(across)}",
                    words=across,
                )
            )
    semantic = meaning(cosine)
    if mode == "lexical":
        value = lexical
    elif mode == "semantic":
        value = semantic
    else:
        # Either may carry the match: the same words, or other words that mean the same.
        value = max(lexical, semantic, 0.55 * lexical + 0.55 * semantic)
    if shared and mode != "semantic":
        reasons.append(Reason("wording", f"shares the words {', '.join(shared)}", words=shared))
    if cosine is not None and mode != "lexical" and semantic >= 0.5:
        reasons.append(Reason("meaning", f"close in meaning (similarity {cosine:.2f})"))

    if query.figures and candidate_figures:
        same = query.figures & candidate_figures
        # Each states a figure the other does not: another count ("eleven killed in the past
        # 24 hours" is not "thirteen killed in the past 24 hours", though both say 24), or a
        # disagreement worth a look, but not one click away. A figure only one side states
        # is detail the other left out.
        if query.figures - candidate_figures and candidate_figures - query.figures:
            value *= DIFFERENT_FIGURES_FACTOR
            reasons.append(Reason("different_figures", "states other figures than the text does"))
        elif same:
            shown = ", ".join(f"{value:,f}".rstrip("0").rstrip(".") for value in sorted(same))
            reasons.append(Reason("figures", f"states the same figures: {shown}"))
    if claimant_reason is not None:
        value = min(1.0, value + 0.08)
        reasons.append(Reason("claimant", claimant_reason))

    level = None
    if value >= SAME_FROM and query.content_words >= SAME_NEEDS_WORDS:
        level = "same"
    elif value >= RELATED_FROM:
        level = "related"
        if value >= SAME_FROM:
            reasons.append(Reason("short", "the text is too short to be sure it is the same"))
    return round(value, 3), level, reasons


def same_but_for_figures(value: float, level: str | None, reasons: list[Reason]) -> bool:
    """Whether a scored candidate is the same claim, or would be but for its figures: the
    disagreement the figures desk looks at ("seven shells hit the hospital" against "nine
    shells hit the hospital")."""
    if level == "same":
        return True
    different = any(reason.kind == "different_figures" for reason in reasons)
    return different and value / DIFFERENT_FIGURES_FACTOR >= SAME_FROM
