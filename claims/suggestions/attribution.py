"""Who a sentence says made a claim, and through whom it reached the article: read from the
sentence's own words, in English, Russian and Ukrainian.

"Reuters cited Russian news agencies that quoted a defense ministry source as saying …"
is a chain of three hops from the outlet outward: Reuters (citing), Russian news agencies
(quoting), a defense ministry source (said). "…," he said is a pronoun, which the sentences
before resolve to the last person they name. A sentence that attributes nothing is the
outlet's own reporting.
"""

import re
from dataclasses import dataclass

# The verbs that pass a claim on, as a hop's verb, in the chains researchers log.
CITING, QUOTING, SAID = "citing", "quoting", "said"
LINKS = {
    CITING: r"cit(?:ed|ing|es)|со ссылкой на|ссылаясь на|з посиланням на|посилаючись на",
    QUOTING: r"quot(?:ed|ing|es)|цитиру\w*|цитую\w*|цитує",
}
# Verbs of saying, after the one who says (X said) or, in English, before them (said X).
SAYING = (
    r"said|says|told|claimed|claims|denied|denies|accused|accuses|announced|"
    r"confirmed|insisted|stated|added|reported|wrote|warned|"
    r"заявил[аио]?|сообщил[аио]?|сказал[аио]?|отметил[аио]?|подчеркнул[аио]?|отрицает|"
    r"обвинил[аио]?|утверждает|рассказал[аио]?|сообщает|заявляет|"
    r"заявив|заявила|заявили|повідомив|повідомила|повідомили|сказав|сказала|"
    r"зазначив|зазначила|заперечує|звинуватив|стверджує|розповів|розповіла"
)
ACCORDING_TO = r"according to|по данным|по словам|по информации|за даними|за словами|за інформацією"
# "according to the latest figures from the United Nations": the United Nations.
FIGURES_FROM = re.compile(
    r"^(?:the\s+)?(?:latest\s+|new\s+|official\s+)?(?:figures|data|estimates|statistics)\s+"
    r"(?:from|of|by)\s+",
    re.IGNORECASE,
)
PRONOUNS = frozenset({"he", "she", "they", "он", "она", "они", "він", "вона", "вони"})
# Words that make a name an organisation, a government or the media, for a new claimant.
GOVERNMENT = re.compile(
    r"ministry|government|kremlin|cabinet|parliament|army|forces|police|republic|"
    r"^(?:kiev|kyiv|moscow|washington|brussels|minsk|ukraine|russia|belarus)$|"
    r"министерств|правительств|кремл|^(?:киев|москва|украина|россия)$|"
    r"міністерств|уряд|кабмін|^(?:київ|москва|україна|росія)$",
    re.IGNORECASE,
)
# Words that make an unnamed one a person: "the chief mortician", "a ministry source".
ROLES = re.compile(
    r"\b(?:director|spokes(?:man|woman|person)|mortician|official|minister|commander|mayor|"
    r"governor|president|source|doctor|witness|resident|soldier|officer|head|chief|"
    r"представитель|источник|министр|глава|мэр|губернатор|главврач|врач|директор|"
    r"речник|джерело|міністр|голова|лікар|директор)\b",
    re.IGNORECASE,
)
# The words that end a phrase before a verb of saying without being part of the name.
AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|also|long|repeatedly|previously|again|earlier|publicly|once|"
    r"already|now|then|today|yesterday))+$",
    re.IGNORECASE,
)
PASSIVE = re.compile(r"\b(?:being|been|be|is|are|was|were)$", re.IGNORECASE)
MEDIA = re.compile(
    r"news|reuters|associated press|\bap\b|afp|agenc|tass|ria|interfax|bbc|tv|television|"
    r"newspaper|times|post|агентств|тасс|риа|интерфакс|агенц|укрінформ",
    re.IGNORECASE,
)
ORGANISATION = re.compile(
    r"united nations|\bun\b|office|council|committee|organi[sz]ation|agency|institute|"
    r"company|bank|fund|union|association|\boon\b|оон|комитет|организац|фонд|комітет",
    re.IGNORECASE,
)
NAME_WORD = r"[A-ZА-ЯЁІЇЄҐ][\w’'.-]*"
PERSON = re.compile(rf"\b{NAME_WORD}(?:\s+{NAME_WORD})+")
# Where a phrase naming who said it stops, reading outward from the verb.
STOPS = re.compile(r"[,;:()\"“”«»„]|\s(?:that|who|which|as|and|but|что|который|які|що|і|и)\s")
DETERMINERS = re.compile(r"^(?:the|a|an|today|yesterday|on \w+|also)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Hop:
    name: str
    verb: str


@dataclass(frozen=True)
class Attributed:
    """Who made the claim (`claimant`, empty for the outlet's own reporting), its `kind`
    for a claimant not yet known, the chain from the outlet outward, and how it was read."""

    claimant: str
    kind: str
    chain: tuple[Hop, ...]
    how: str


def _clean(phrase: str) -> str:
    phrase = phrase.strip(" .,;:—–-\u00a0")
    previous = None
    while previous != phrase:
        previous, phrase = phrase, DETERMINERS.sub("", phrase).strip()
    return phrase


def _before(text: str, end: int, words: int = 7, *, across_comma: bool = False) -> str:
    """The phrase just before end, up to a stop or words words; across_comma, where a comma
    stands just before end ("Reuters, citing …"), the phrase before the comma."""
    head = text[:end]
    if across_comma and head.rstrip().endswith(","):
        head = head.rstrip()[:-1]
    stops = list(STOPS.finditer(head))
    start = stops[-1].end() if stops else 0
    return _clean(" ".join(head[start:].split()[-words:]))


def _after(text: str, start: int, words: int = 7) -> str:
    """The phrase just after start, up to a stop, a verb of saying or words words."""
    tail = text[start:]
    stop = STOPS.search(tail)
    tail = tail[: stop.start()] if stop else tail
    saying = re.search(rf"\s(?:{SAYING})\b", tail, re.IGNORECASE)
    tail = tail[: saying.start()] if saying else tail
    return _clean(" ".join(tail.split()[:words]))


def kind_of(name: str) -> str:
    """The kind a new claimant of this name most likely is."""
    if MEDIA.search(name):
        return "media"
    if ORGANISATION.search(name):
        return "organisation"
    if ROLES.search(name):
        return "person"  # "a defense ministry source" is a person of the ministry
    if GOVERNMENT.search(name):
        return "government"
    if PERSON.fullmatch(name) or re.fullmatch(NAME_WORD, name):
        return "person"
    return "other"


def _named(phrase: str) -> str:
    """The name in a phrase that names someone with their role: "the morgue's director
    Kalashnikov Anatolievich" is Kalashnikov Anatolievich."""
    people = [m.group(0) for m in PERSON.finditer(phrase)]
    named = people and phrase != people[-1] and kind_of(people[-1]) == "person"
    if named and not (MEDIA.search(phrase) or ORGANISATION.search(phrase)):
        return people[-1]
    return phrase


def _chain(sentence: str) -> list[Hop]:
    """The hops a sentence's citing and quoting verbs make, from the outlet outward."""
    links = sorted(
        (match.start(), match.end(), verb)
        for verb, pattern in LINKS.items()
        for match in re.finditer(rf"\b(?:{pattern})\b", sentence, re.IGNORECASE)
    )
    if not links:
        return []
    hops = []
    first = _before(sentence, links[0][0], across_comma=True)
    if first:
        hops.append(Hop(first, links[0][2]))
    for (_, end, _verb), following in zip(links, [*links[1:], None], strict=True):
        named = _after(sentence, end)
        if not named:
            continue
        hops.append(Hop(named, following[2] if following else SAID))
    return hops


def _last_person(previous: list[str]) -> str:
    for sentence in reversed(previous):
        people = [m.group(0) for m in PERSON.finditer(sentence) if kind_of(m.group(0)) == "person"]
        if people:
            return people[-1]
    return ""


def attribute(sentence: str, previous: list[str] = ()) -> Attributed:  # type: ignore[assignment]
    """Who sentence says made its claim, and through whom; previous are the sentences
    before it (the last few), for a pronoun."""
    chain = _chain(sentence)
    if chain:
        who = chain[-1].name
        return Attributed(who, kind_of(who), tuple(chain), "read from its citing and quoting")
    according = re.search(rf"\b(?:{ACCORDING_TO})\s+", sentence, re.IGNORECASE)
    if according:
        who = _after(sentence, according.end())
        who = _clean(FIGURES_FROM.sub("", who))
        if who:
            return Attributed(who, kind_of(who), (), "named after “according to”")
    for match in re.finditer(rf"\b(?:{SAYING})\b", sentence, re.IGNORECASE):
        who = AUXILIARIES.sub("", _before(sentence, match.start(), words=6))
        if PASSIVE.search(who):
            continue  # "no longer being claimed": nobody claims it here
        if not who:
            # '…," said Anatolievich.', or "One of the men, who identified himself as Ivan
            # Milchankov, a soldier in a Russian paratroop unit, claimed …"
            after = _after(sentence, match.end(), words=4)
            earlier = [
                m.group(0)
                for m in PERSON.finditer(sentence[: match.start()])
                if kind_of(m.group(0)) == "person"
            ]
            names_someone = (
                re.match(NAME_WORD, after) or ROLES.search(after) or PERSON.search(after)
            )
            if after and names_someone:
                who = after
            elif earlier:
                who = earlier[-1]
        if not who:
            continue
        who = _named(who)
        if who.casefold() in PRONOUNS:
            person = _last_person(list(previous))
            if person:
                return Attributed(person, "person", (), f"“{who}”, the last person named before")
            continue
        return Attributed(who, kind_of(who), (), f"named with “{match.group(0)}”")
    return Attributed("", "", (), "no one is said to have said it: the outlet's own reporting")
