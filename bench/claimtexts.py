"""Claim texts as a newsroom logs them about one war, in bulk, for benchmarks at scale.

Real claims about one conflict share much of their vocabulary ("Ukraine", "Russian",
"border", "killed"), so a full-text query for a typed quote matches a large part of the table,
as it would in a newsroom's tracker; distinct stubs ("claim 1234") would flatter every index.
Each text is one sentence: a claimant, a verb of saying, and a checkable statement with
places, figures and dates drawn from lists, deterministic for a seed.
"""

import random

CLAIMANTS = [
    "The Russian defence ministry",
    "A Kremlin spokesman",
    "Ukraine's National Security and Defence Council",
    "The separatist leadership in Donetsk",
    "A spokesman for the rebels in Luhansk",
    "The United Nations refugee agency",
    "The UN human rights office",
    "NATO's military command",
    "The mayor of Mariupol",
    "Ukraine's interior minister",
    "The OSCE monitoring mission",
    "A Russian lawmaker",
    "The Ukrainian border guard service",
    "Human Rights Watch",
    "Amnesty International",
    "The International Committee of the Red Cross",
    "The Ukrainian prime minister",
    "The Russian foreign ministry",
    "A Donetsk city council official",
    "The European Commission",
]
VERBS = ["said", "says", "claimed", "told reporters", "stated", "announced", "reported"]
PLACES = [
    "Donetsk",
    "Luhansk",
    "Mariupol",
    "Ilovaisk",
    "Novoazovsk",
    "Amvrosiivka",
    "Sloviansk",
    "Kramatorsk",
    "Horlivka",
    "Debaltseve",
    "Shakhtarsk",
    "Snizhne",
    "Izvaryne",
    "Krasnodon",
    "Lysychansk",
    "Sievierodonetsk",
    "Kharkiv",
    "Dnipropetrovsk",
    "Odesa",
    "Zaporizhzhia",
    "Kyiv",
    "Rostov-on-Don",
    "Kamensk-Shakhtinsky",
    "Yasynuvata",
    "Avdiivka",
    "Marinka",
    "Volnovakha",
    "Starobilsk",
    "Shchastia",
    "Pervomaisk",
]
UNITS = [
    "paratroopers",
    "soldiers",
    "border guards",
    "volunteers",
    "tanks",
    "armoured vehicles",
    "trucks",
    "artillery pieces",
    "rocket launchers",
    "civilians",
]
EVENTS = [
    "{n} {unit} crossed the border near {place} {when}",
    "{n} people were killed in shelling of {place} {when}",
    "{n} {unit} were captured near {place} {when}",
    "a convoy of {n} trucks entered Ukraine at {place} {when}",
    "{n} residents of {place} left their homes {when}",
    "the water supply to {place} was cut off {when}",
    "{n} {unit} were on a planned march of {km} km near {place}",
    "the ceasefire around {place} was broken {n} times {when}",
    "{n} shells hit residential districts of {place} {when}",
    "the road between {place} and {other} was closed {when}",
    "{n} {unit} had been sent to {place} for exercises",
    "the airport of {place} was under fire {when}",
    "{n} {unit} surrendered at {place} {when}",
    "a humanitarian corridor from {place} to {other} opened {when}",
    "{n} refugees from {place} registered in {other} {when}",
    "electricity was restored in {n} districts of {place} {when}",
    "the hospital in {place} received {n} wounded {when}",
    "{n} {unit} were seen moving from {other} towards {place} {when}",
    "no {unit} from Russia were present in {place}",
    "the bridge at {place} was destroyed {when}",
]
WHEN = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "overnight",
    "last week",
    "since mid-April",
    "in August",
    "since the start of the month",
    "in the past 24 hours",
    "over the weekend",
    "on 24 August",
    "on 26 August",
]


def claim_text(rng: random.Random) -> str:
    place, other = rng.sample(PLACES, 2)
    statement = rng.choice(EVENTS).format(
        n=rng.choice([2, 3, 7, 10, 12, 23, 40, 100, 150, 300, 1000, 2000, 17000]),
        unit=rng.choice(UNITS),
        place=place,
        other=other,
        when=rng.choice(WHEN),
        km=rng.choice([20, 45, 70, 120]),
    )
    return f"{rng.choice(CLAIMANTS)} {rng.choice(VERBS)} that {statement}."


def claim_texts(count: int, *, seed: int = 2014) -> list[str]:
    """count claim texts, each once (a tracker merges repeated claims)."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen.setdefault(claim_text(rng), None)
    return list(seen)
