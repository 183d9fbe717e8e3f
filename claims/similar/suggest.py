"""Claims already logged that a typed text is likely to be: found by wording (the database's
full-text index) and by meaning (the matcher), scored, ranked and explained.

Only the typed text is embedded on request, and by the matcher, never here: a page request
reads the database and asks the matcher once. Without the matcher (not running, no model)
suggestions come from wording alone, and say so.
"""

import contextvars
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import langcodes
from django.conf import settings
from django.db.models import QuerySet

from ..claimants import name_similarity
from ..models import Appearance, Claim, Claimant, ClaimantName, name_key
from . import lexical, matcher_client
from .scoring import Query, Reason, score
from .text import dominant_script

MAX_CHARACTERS = 5_000
# Candidates fetched from each index before scoring.
CANDIDATES = 50
MODES = ("combined", "lexical", "semantic")
# The matcher is asked from one of these threads while the request's own thread queries the
# full-text index: each waits on another process (the matcher encoding the text, the
# database), so a suggestion takes the slower of the two rather than both. They only wait on
# HTTP, and never touch the database.
_ASKING = ThreadPoolExecutor(max_workers=8, thread_name_prefix="similar-matcher")


class SimilarInputError(ValueError):
    """A text the matcher cannot work with; code and message say which way."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Suggestion:
    claim: Claim
    score: float
    level: str  # "same" or "related"
    reasons: list[Reason]


@dataclass
class Meaning:
    """Whether matching by meaning took part, and why not when it did not."""

    available: bool
    reason: str = ""
    model: str = ""


@dataclass
class Suggestions:
    results: list[Suggestion] = field(default_factory=list)
    semantic: Meaning = field(default_factory=lambda: Meaning(available=False))


def validate(text: str) -> Query:
    """The text as the matcher compares it, or SimilarInputError."""
    text = (text or "").strip()
    if not text:
        raise SimilarInputError("text_required", "Give the words to look for.")
    if len(text) > MAX_CHARACTERS:
        raise SimilarInputError(
            "text_too_long",
            f"Give at most {MAX_CHARACTERS:,} characters: a quote or a claim, not an article.",
        )
    query = Query.of(text)
    if not query.stems:
        raise SimilarInputError(
            "text_without_words",
            "This text has no words to match (only punctuation, figures alone or words "
            "such as “the” and “said”); give the quote or the claim itself.",
        )
    return query


def _unreadable_script(text: str) -> str | None:
    """Why the model cannot read text, when it is written in a script none of the model's
    languages (SIMILAR_MODEL_LANGUAGES) is written in; None when it can, or may."""
    languages = settings.SIMILAR_MODEL_LANGUAGES
    script = dominant_script(text)
    if "*" in languages or script is None:
        return None
    readable = {langcodes.Language.get(tag).maximize().script for tag in languages}
    if script in readable:
        return None
    # An English-only model puts any two Cyrillic texts close together, whatever they
    # say: its cosine would make a wrong "same", not a right one.
    return (
        f"The model reads {', '.join(languages)} only, and this text is in another script "
        f"({script}): it is matched by its words and names alone."
    )


def _semantic(text: str, limit: int) -> tuple[dict[int, float], Meaning]:
    unreadable = _unreadable_script(text)
    if unreadable:
        return {}, Meaning(available=False, reason=unreadable)
    try:
        model, results = matcher_client.search(text, limit)
    except matcher_client.MatcherUnavailable as unavailable:
        return {}, Meaning(available=False, reason=str(unavailable))
    return {row["claim"]: row["score"] for row in results}, Meaning(available=True, model=model)


def _claimant_reason(claimant, candidate: Claim, other_names: list[str]) -> str | None:
    """Why the claimant given and the candidate's (whose other names are other_names) are
    the same, or None."""
    if claimant is None:
        return None
    if isinstance(claimant, Claimant):
        if claimant.pk == candidate.claimant_id:
            return f"the same claimant, {candidate.claimant.name}"
        typed = claimant.name
    else:
        typed = str(claimant)
    names = [candidate.claimant.name, *other_names]
    scored = [(name_similarity(name_key(typed), name_key(name)), name) for name in names]
    # The best-matching name; the claimant's own name among equals.
    best, name = max(scored, key=lambda pair: pair[0])
    if best < 0.9:
        return None
    if name == candidate.claimant.name:
        return f"the same claimant, {name}"
    return f"the same claimant under another name, {name}"


def suggest(
    text: str,
    *,
    claimant: Claimant | str | None = None,
    among: QuerySet[Claim] | None = None,
    limit: int = 10,
    mode: str = "combined",
) -> Suggestions:
    """The claims among (every claim not merged away, by default) most likely the same as
    text, best first, at most limit, each with its score, level and reasons."""
    if mode not in MODES:
        raise ValueError(f"mode is one of {', '.join(MODES)}")
    query = validate(text)
    if among is None:
        among = Claim.objects.exclude(status=Claim.Status.MERGED)
    outcome = Suggestions()
    cosines: dict[int, float] = {}
    asked = None
    if mode != "lexical":
        # In the request's context, so what the matcher client logs carries its request id.
        context = contextvars.copy_context()
        asked = _ASKING.submit(context.run, _semantic, query.text, CANDIDATES)
    # The index's order breaks ties between candidates scored alike.
    ranked: dict[int, int] = {}
    if mode != "semantic":
        found = lexical.candidates(query.text, among, limit=CANDIDATES)
        ranked = {pk: position for position, (pk, _) in enumerate(found)}
    if asked is not None:
        cosines, outcome.semantic = asked.result()
    ids = set(cosines) | set(ranked)
    if not ids:
        return outcome
    # Up to 150 candidates a keystroke: their words and names are read as plain rows, one
    # query each, since building a model instance and a prefetch queryset for each of them
    # cost more than all the scoring.
    candidates = list(among.filter(pk__in=ids).select_related("claimant"))
    quotes: dict[int, list[str]] = {claim.pk: [] for claim in candidates}
    for claim_id, quote in Appearance.objects.filter(claim_id__in=quotes).values_list(
        "claim_id", "quote"
    ):
        quotes[claim_id].append(quote)
    other_names: dict[int, list[str]] = {}
    if claimant is not None:
        for claimant_id, name in ClaimantName.objects.filter(
            claimant_id__in={claim.claimant_id for claim in candidates}
        ).values_list("claimant_id", "name"):
            other_names.setdefault(claimant_id, []).append(name)
    scored = []
    for claim in candidates:
        value, level, reasons = score(
            query,
            [claim.text, *quotes[claim.pk]],
            cosine=cosines.get(claim.pk),
            claimant_reason=_claimant_reason(
                claimant, claim, other_names.get(claim.claimant_id, [])
            ),
            mode=mode,
        )
        if level is not None:
            scored.append(Suggestion(claim=claim, score=value, level=level, reasons=reasons))
    last = len(ranked)
    scored.sort(key=lambda s: (-s.score, ranked.get(s.claim.pk, last), -s.claim.pk))
    outcome.results = scored[:limit]
    return outcome
