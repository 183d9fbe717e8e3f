"""How check-worthy a sentence is, 0 to 1, with the reasons a researcher can read.

Heuristics, not a model: what makes a sentence worth checking is what a fact-checker looks
for first, and each is a reason to show. A sentence gains for stating a figure, for
attributing its words to someone ("said", "according to", "citing", "denied"…), for a
direct quotation, for naming a claimant already logged, and for asserting an event or a
cause ("captured", "killed", "because"). It loses for a question, for an opinion ("should",
"seems", "I think"), for a caption, a byline or a link, and for being too short to say
anything. The weights were chosen on the seed article and are measured on the labelled
articles in tests/data/suggestions/ (bench/suggestions.py).
"""

import re
from dataclasses import dataclass

from ..figures import extract_figures
from .attribution import ACCORDING_TO, LINKS, PASSIVE, SAYING

FIGURE, ATTRIBUTED, QUOTATION, CLAIMANT, EVENT, NAMES, WHEN = (
    "figure", "attributed", "quotation", "claimant", "event", "names", "when",
)  # fmt: skip
QUESTION, OPINION, SCENE, BOILERPLATE, SHORT = (
    "question", "opinion", "scene", "boilerplate", "short",
)  # fmt: skip
WEIGHTS = {
    FIGURE: 0.35, ATTRIBUTED: 0.3, QUOTATION: 0.15, CLAIMANT: 0.15, EVENT: 0.2, NAMES: 0.1,
    WHEN: 0.1,
}  # fmt: skip

ATTRIBUTION = re.compile(
    rf"\b(?:{SAYING}|{ACCORDING_TO}|{'|'.join(LINKS.values())}|as saying)\b", re.IGNORECASE
)
# A quotation, in any of the marks the languages use: a run of up to 500 characters between
# marks, so that an unclosed mark costs no more than its sentence (three words or more make
# it a quotation, which is checked after).
QUOTED = re.compile(r"[\"“«„](?P<words>[^\"“”«»„]{1,500})[\"”»“]")
EVENTS = re.compile(
    r"\b(?:kill(?:ed|ing)?|dead|died|wounded|injured|captured|detained|arrested|seized|"
    r"crossed|fled|hit|shell(?:ed|ing)|struck|launched|attacked|destroyed|bombed|buried|"
    r"smashed|exploded|caught|publish(?:ed|ing)|post(?:ed|ing)|signed|voted|elected|"
    r"approved|banned|sanctions?|rose|fell|grew|"
    r"increased|decreased|doubled|halved|cost|paid|spent|raised|cut|closed|opened|"
    r"because|due to|caused|led to|as a result|supporting|enabling|"
    r"убит[ыоа]?|погиб(?:ли|ла|ло)?|ранен[ыоа]?|задержан[ыоа]?|захвачен[ыоа]?|обстрел\w*|"
    r"подписал[аи]?|вырос(?:ла|ли)?|снизил(?:ся|ась|ись)|из-за|в результате|"
    r"загинул[иаo]?|поранен[иоa]?|затриман[иоa]?|обстріл\w*|підписав|зріс|зросла|через те)\b",
    re.IGNORECASE,
)
OPINIONS = re.compile(
    r"\b(?:i think|we think|i believe|we believe|should|ought to|must|perhaps|maybe|seems?|"
    r"seemed|seeming|apparently|arguably|in my view|in our view|it is time|needs to|"
    r"по-моему|кажется|следует|должн[ыао]|возможно|мабуть|здається|слід|повинн[іаo])\b",
    re.IGNORECASE,
)
# Two capitalised words together, or one in the middle of a sentence: someone or somewhere
# named ("Russian soldiers", "Donetsk morgue").
NAMED = re.compile(
    r"(?<=[\w,;:] )[A-ZА-ЯЁІЇЄҐ][\w’'-]+|\b[A-ZА-ЯЁІЇЄҐ][\w’'-]+ [A-ZА-ЯЁІЇЄҐ][\w’'-]+"
)
# When it happened: a day, a date, "since", which makes an event one a record can settle.
TIMES = re.compile(
    r"\b(?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|"
    r"last (?:week|month|year|night)|this (?:morning|week|month|year)|since|"
    r"(?:in|on|by) (?:\d{1,2} )?(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)|in (?:19|20)\d\d|"
    r"в (?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)|вчера|сегодня|"
    r"с начала|у (?:понеділок|вівторок|середу|четвер|п'ятницю|суботу|неділю)|вчора|сьогодні|"
    r"з початку)\b",
    re.IGNORECASE,
)
# What describes a scene rather than asserting what happened: light, weather, mood.
SCENERY = re.compile(
    r"\b(?:dawn|dusk|sunlight|sunset|sunrise|smoke rose|the air|stench|the mood|mood remained|"
    r"weather|quiet|calm|gloomy|frightened|silence|рассвет|сумерк|тишин|спокойн|світанок|"
    r"тиша|спокій)\w*",
    re.IGNORECASE,
)
BOILERPLATE_LINES = re.compile(
    r"^(?:photo(?:graph)?s? by|image:|video:|follow .* on twitter|read more|watch (?:all|more)|"
    r"this story is over|subscribe|share this|sign up|фото:|фото |читайте также|підписуйтесь)",
    re.IGNORECASE,
)
MIN_WORDS = 6


@dataclass(frozen=True)
class Reason:
    kind: str
    message: str


def score(sentence: str, *, claimants_named: list[str] = ()) -> tuple[float, list[Reason]]:  # type: ignore[assignment]
    """The check-worthiness of sentence and why; claimants_named are the logged claimants'
    names that stand in it."""
    text = sentence.strip()
    if BOILERPLATE_LINES.match(text):
        return 0.0, [Reason(BOILERPLATE, "a caption, a byline or a link, not a claim")]
    reasons = []
    figures = extract_figures(text)
    if figures:
        words = ", ".join(text[f.start : f.end] for f in figures[:3])
        reasons.append(Reason(FIGURE, f"states a figure: {words}"))
    attributed = next(
        (m for m in ATTRIBUTION.finditer(text) if not PASSIVE.search(text[: m.start()].rstrip())),
        None,
    )  # "no longer being claimed" attributes nothing
    if attributed:
        reasons.append(Reason(ATTRIBUTED, f"attributes it: “{attributed.group(0)}”"))
    quoted = next((q for q in QUOTED.finditer(text) if len(q["words"].split()) >= 3), None)
    if quoted:
        reasons.append(Reason(QUOTATION, "quotes someone's words directly"))
    if claimants_named:
        reasons.append(Reason(CLAIMANT, f"names {', '.join(claimants_named[:3])}, logged before"))
    event = EVENTS.search(text)
    if event:
        reasons.append(Reason(EVENT, f"asserts an event or a cause: “{event.group(0)}”"))
    when = TIMES.search(text)
    if when and reasons:
        reasons.append(Reason(WHEN, f"says when: “{when.group(0)}”"))
    named = NAMED.search(text)
    if named and not claimants_named:
        reasons.append(Reason(NAMES, f"names someone or somewhere: {named.group(0)}"))
    value = sum(WEIGHTS[reason.kind] for reason in reasons)
    if text.endswith("?"):
        value *= 0.2
        reasons.append(Reason(QUESTION, "a question, which asserts nothing"))
    opinion = OPINIONS.search(text)
    if opinion and not attributed:
        value *= 0.5
        reasons.append(Reason(OPINION, f"reads as opinion: “{opinion.group(0)}”"))
    scenery = SCENERY.search(text)
    if scenery and not (attributed or figures):
        value *= 0.6
        reasons.append(Reason(SCENE, f"reads as scene-setting: “{scenery.group(0)}”"))
    if len(text.split()) < MIN_WORDS and not quoted:
        value *= 0.5
        reasons.append(Reason(SHORT, "too short to state much"))
    return round(min(1.0, value), 3), reasons
