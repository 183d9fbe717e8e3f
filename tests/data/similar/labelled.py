"""The labelled set of similar claims (README.md beside this file): read from its JSON lines,
and loaded into the database through the test factories, so the tests and bench/similar.py
load it the same way."""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
KINDS = (
    "paraphrase",
    "outlet_wording",
    "figures",
    "name_variant",
    "cyrillic",
    "short",
    "different",
    "same_article_unrelated",
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class Query:
    id: int
    kind: str
    text: str
    same: str | None  # the corpus claim the text is the same claim as, or None
    claimant: str | None = None  # the claimant as a researcher would type it

    @property
    def half(self) -> str:
        """Which half of the set the query is in: thresholds are chosen on "odd" and
        checked on "even"."""
        return "odd" if self.id % 2 else "even"


@dataclass
class LabelledSet:
    articles: dict[str, dict]
    claims: dict[str, dict]
    queries: list[Query] = field(default_factory=list)

    def cross_script(self, query: Query) -> bool:
        """A Cyrillic query of a claim logged only in Latin script: wording cannot meet it."""
        if query.same is None or not _CYRILLIC.search(query.text):
            return False
        claim = self.claims[query.same]
        texts = [claim["text"], *(a["quote"] for a in claim["appearances"])]
        return not any(_CYRILLIC.search(text) for text in texts)


def _lines(name: str) -> list[dict]:
    with open(FOLDER / name, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read() -> LabelledSet:
    return LabelledSet(
        articles={row["id"]: row for row in _lines("articles.jsonl")},
        claims={row["id"]: row for row in _lines("claims.jsonl")},
        queries=[Query(**row) for row in _lines("queries.jsonl")],
    )


def load(labelled: LabelledSet) -> dict[str, int]:
    """Write the corpus to the database: its articles as sources, its claimants with their
    other names, its claims with their appearances. Returns claim primary keys by set id."""
    from tests.factories import (
        AppearanceFactory,
        ClaimantFactory,
        ClaimantNameFactory,
        ClaimFactory,
        SourceFactory,
    )

    sources = {
        key: SourceFactory(
            url=row["url"],
            title=row["title"],
            publisher=row["publisher"],
            language=row["language"],
            published_on=datetime.date.fromisoformat(row["published_on"]),
        )
        for key, row in labelled.articles.items()
    }
    claimants = {}
    pks = {}
    for key, row in labelled.claims.items():
        claimant = claimants.get(row["claimant"])
        if claimant is None:
            claimant = claimants[row["claimant"]] = ClaimantFactory(
                name=row["claimant"], kind=row["claimant_kind"]
            )
            for other in row["other_names"]:
                ClaimantNameFactory(
                    claimant=claimant,
                    name=other["name"],
                    kind=other["kind"],
                    language=other["language"],
                )
        first, *more = row["appearances"]
        claim = ClaimFactory(
            text=row["text"],
            claimant=claimant,
            quote=first["quote"],
            appearance=sources[first["article"]],
        )
        if first["language"]:
            claim.appearances.update(language=first["language"])
        for position, appearance in enumerate(more, start=1):
            AppearanceFactory(
                claim=claim,
                source=sources[appearance["article"]],
                quote=appearance["quote"],
                language=appearance["language"],
                position=position,
            )
        pks[key] = claim.pk
    return pks


@dataclass
class Outcome:
    """What suggest() answered for one query: the set ids of its results, best first, and
    which of them it called the same claim."""

    query: Query
    ranked: list[str]
    same: list[str]
    semantic: bool

    def found_in(self, k: int) -> bool:
        return self.query.same in self.ranked[:k]


def run(labelled: LabelledSet, pks: dict[str, int], *, mode: str) -> list[Outcome]:
    """Every query through claims.similar.suggest() in mode, against the loaded corpus."""
    from claims.similar import suggest

    keys = {pk: key for key, pk in pks.items()}
    outcomes = []
    for query in labelled.queries:
        found = suggest(query.text, claimant=query.claimant, mode=mode, limit=10)
        ranked = [keys[s.claim.pk] for s in found.results]
        same = [keys[s.claim.pk] for s in found.results if s.level == "same"]
        outcomes.append(Outcome(query, ranked, same, found.semantic.available))
    return outcomes


@dataclass
class Figures:
    queries: int
    same_said: int  # `same` suggestions made
    same_right: int  # of them, the labelled claim
    labelled: int  # queries that have a labelled claim
    at_1: int
    at_3: int
    same_found: int  # labelled queries whose claim came back as `same`

    @property
    def precision(self) -> float | None:
        return self.same_right / self.same_said if self.same_said else None

    def recall(self, k: int) -> float | None:
        hits = {1: self.at_1, 3: self.at_3}[k]
        return hits / self.labelled if self.labelled else None

    @property
    def same_recall(self) -> float | None:
        return self.same_found / self.labelled if self.labelled else None


def figures(outcomes: list[Outcome]) -> Figures:
    labelled = [o for o in outcomes if o.query.same is not None]
    return Figures(
        queries=len(outcomes),
        same_said=sum(len(o.same) for o in outcomes),
        same_right=sum(1 for o in outcomes for key in o.same if key == o.query.same),
        labelled=len(labelled),
        at_1=sum(1 for o in labelled if o.found_in(1)),
        at_3=sum(1 for o in labelled if o.found_in(3)),
        same_found=sum(1 for o in labelled if o.query.same in o.same),
    )
