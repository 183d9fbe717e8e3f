"""Finding a claimant by a name as an outlet printed it: in another script, another
spelling, or with a patronymic, with a score and the reasons a person can check.

Every name a claimant is known by (their own and their other names) is compared in Latin
letters (anyascii) with rapidfuzz: "Мильчаков" meets "Milchakov", and "Ivan Milchankov"
comes close to "Ivan Vasilyevich Milchakov". Every name is scored, in memory: a newsroom's
few thousand claimants take milliseconds, and the same code runs on SQLite and PostgreSQL.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from rapidfuzz import fuzz

from .models import Claimant, ClaimantName, name_key

# Below this a name is not offered: "Ivan Ivanov" for "Ivan Milchankov" scores 0.72,
# "Iwan Miltschakow" for "Ivan Milchakov" 0.79.
SUGGEST_FROM = 0.78


@dataclass
class ClaimantMatch:
    claimant: Claimant
    score: float
    reasons: list[str] = field(default_factory=list)


def _word_alike(a: str, b: str) -> float:
    # An initial stands for any name it begins: "I." for "Ivan", but not as surely as the name.
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    return fuzz.ratio(a, b) / 100


def _names_alike(words: list[str], other: list[str]) -> float:
    """Given name and surname compared apart, the surname weighing most: "Ivan Ivanov" is
    not "Ivan Milchakov" for sharing a first name. Either order of the two."""
    in_order = 0.25 * _word_alike(words[0], other[0]) + 0.75 * _word_alike(words[-1], other[-1])
    swapped = 0.25 * _word_alike(words[-1], other[0]) + 0.75 * _word_alike(words[0], other[-1])
    return max(in_order, swapped)


def _score(query: str, name: str) -> tuple[float, str]:
    """How alike two names in Latin letters are, 0 to 1, and why in a few words."""
    if query == name:
        return 1.0, "same letters"
    words, other = query.split(), name.split()
    # A name with a middle name or patronymic the other lacks: "ivan milchakov" is in
    # "ivan vasilyevich milchakov". One word in common is not enough: every Ivan has one.
    if min(len(words), len(other)) >= 2 and (set(words) <= set(other) or set(other) <= set(words)):
        if set(words) == set(other):
            return 0.95, "the same names in another order"
        return 0.95, "the same names, with one more"
    if min(len(words), len(other)) >= 2:
        alike = _names_alike(words, other)
    else:
        alike = fuzz.ratio(query, name) / 100
    return alike, f"a close spelling ({alike:.0%} alike)"


def _candidates(among: QuerySet[Claimant]) -> list[tuple[int, str, str]]:
    """(claimant id, name as written, what kind of name) for every name a claimant among
    has."""
    rows = [(pk, name, "name") for pk, name in among.values_list("pk", "name")]
    rows += [
        (pk, name, "other name")
        for pk, name in ClaimantName.objects.filter(claimant__in=among).values_list(
            "claimant_id", "name"
        )
    ]
    return rows


def name_similarity(key: str, other: str) -> float:
    """How alike two names are, 0 to 1, both given as `name_key` writes them."""
    return _score(key, other)[0]


def similar_claimants(
    name: str, *, limit: int = 10, among: QuerySet[Claimant] | None = None
) -> list[ClaimantMatch]:
    """Claimants whose name or other names are like name, best first, each with its score
    and the reasons for it. among narrows the claimants offered (to those a reader may see,
    say); every claimant by default."""
    query = name_key(name)
    if not query:
        return []
    among = Claimant.objects.all() if among is None else among
    best: dict[int, tuple[float, list[str]]] = {}
    for claimant_id, written, kind in _candidates(among):
        score, why = _score(query, name_key(written))
        if score < SUGGEST_FROM:
            continue
        reasons = [f"{kind} “{written}”: {why}"]
        if written.casefold() != name.casefold() and name_key(written) == query:
            reasons.append("the same name in another script or with other accents")
        previous = best.get(claimant_id)
        if previous is None or score > previous[0]:
            best[claimant_id] = (score, reasons)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    claimants = Claimant.objects.in_bulk([pk for pk, _ in ranked])
    return [
        ClaimantMatch(claimant=claimants[pk], score=round(score, 3), reasons=reasons)
        for pk, (score, reasons) in ranked
    ]
