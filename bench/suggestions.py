"""Suggested-claims benchmark: how well claims.suggestions finds an article's checkable
sentences and who said them.

Run from the project folder:  .venv/bin/python bench/suggestions.py  [--misses]

For each article of tests/data/suggestions/articles.jsonl it splits the text, scores every
sentence and keeps the best 25, as the worker does, and prints:

- recall at 25 (labelled claims whose words lie in one of the 25) and precision at 25
  (of the 25, those holding a labelled claim), beside two baselines in the same run: the
  article's first 25 sentences (a reader who logs from the top) and its first 25 sentences
  stating a figure (a number spotter). An article has 4 to 15 labelled claims, so
  precision at 25 cannot pass 0.6; precision at R (the best R, R the article's claims) is
  the fairer line;
- chains: of the labelled claims attributed through one hop or more, those whose hops are
  guessed in order with their names and verbs ("told" and "according to" read as "said"),
  and claimants guessed right over all claims;
- time: the CPU seconds to read an article of 2,000 words (two of the set's, joined),
  against the budget of a second and against splitting alone;
- the seed article, where ../shared/seed/article.txt is present: the share of the demo's
  quotes that lie in one of its best 25 sentences, and the "by accident" chain.

The similar claims each suggestion is matched with (the similarity engine, asked by the
worker for the best 40) and the claimants' names in the database are not part of this run:
they need a database, and count in the worker's time, not its reading.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-elsewhere")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from claims.figures import extract_figures  # noqa: E402
from claims.models import name_key  # noqa: E402
from claims.suggestions.attribution import attribute  # noqa: E402
from claims.suggestions.build import KEEP_FROM, PREVIOUS, sentence_key  # noqa: E402
from claims.suggestions.scoring import score  # noqa: E402
from claims.suggestions.sentences import split  # noqa: E402

SET = ROOT / "tests" / "data" / "suggestions" / "articles.jsonl"
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
TOP = 25
BUDGET_SECONDS = 1.0
SAID_LIKE = {"told": "said", "according to": "said"}


def ranked(text: str) -> list[tuple[float, int, object]]:
    """(score, index, sentence) of text's sentences worth keeping, best first, each
    sentence once, as the worker ranks them."""
    found, seen = [], set()
    for i, sentence in enumerate(split(text)):
        key = sentence_key(sentence.text)
        if key in seen:
            continue
        seen.add(key)
        value, _ = score(sentence.text)
        if value >= KEEP_FROM:
            found.append((value, i, sentence))
    found.sort(key=lambda row: (-row[0], row[1]))
    return found


def spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    return [(text.index(q), text.index(q) + len(q)) for q in quotes]


def holds(sentence, span: tuple[int, int]) -> bool:
    return sentence.start <= span[0] and span[1] <= sentence.end


def overlaps(sentence, span: tuple[int, int]) -> bool:
    return sentence.start < span[1] and span[0] < sentence.end


def at(chosen: list, labelled: list[tuple[int, int]]) -> tuple[int, int]:
    """(labelled claims lying in one of chosen, chosen holding or overlapping a claim)."""
    found = sum(any(holds(s, span) for s in chosen) for span in labelled)
    right = sum(any(overlaps(s, span) for span in labelled) for s in chosen)
    return found, right


def same_name(guess: str, label: str) -> bool:
    a, b = name_key(guess), name_key(label)
    return bool(a) and (a in b or b in a)


def chain_right(guessed, labelled: list[list[str]]) -> bool:
    if len(guessed) != len(labelled):
        return False
    return all(
        same_name(hop.name, name) and hop.verb == SAID_LIKE.get(verb, verb)
        for hop, (name, verb) in zip(guessed, labelled, strict=True)
    )


def quality(articles: list[dict], misses: bool) -> None:
    totals = {name: [0, 0, 0] for name in ("ours", "first 25", "first 25 with a figure")}
    r_precision = [0, 0]
    chains = [0, 0]
    claimants = [0, 0]
    for article in articles:
        text = article["text"]
        labelled = spans(text, [c["quote"] for c in article["checkable"]])
        sentences = split(text)
        best = [s for _, _, s in ranked(text)]
        choices = {
            "ours": best[:TOP],
            "first 25": sentences[:TOP],
            "first 25 with a figure": [s for s in sentences if extract_figures(s.text)][:TOP],
        }
        for name, chosen in choices.items():
            found, right = at(chosen, labelled)
            totals[name][0] += found
            totals[name][1] += right
            totals[name][2] += len(chosen)
        r = len(labelled)
        r_precision[0] += at(best[:r], labelled)[1]
        r_precision[1] += r
        if misses:
            for claim, span in zip(article["checkable"], labelled, strict=True):
                if not any(holds(s, span) for s in best[:TOP]):
                    print(f"  missed ({article['id']}): {claim['quote'][:90]}")
        for claim, span in zip(article["checkable"], labelled, strict=True):
            index = next((i for i, s in enumerate(sentences) if overlaps(s, span)), None)
            if index is None:
                continue
            previous = [s.text for s in sentences[max(0, index - PREVIOUS) : index]]
            said = attribute(sentences[index].text, previous)
            who = said.claimant or article["publisher"]
            claimants[0] += same_name(who, claim["claimant"])
            claimants[1] += 1
            if claim["chain"] and len(claim["chain"]) > 1:
                chains[0] += chain_right(said.chain, claim["chain"])
                chains[1] += 1
    labelled_total = sum(len(a["checkable"]) for a in articles)
    print(f"{len(articles)} articles, {labelled_total} labelled claims")
    print(f"{'':<26}{'recall@25':>10}{'precision@25':>14}")
    for name, (found, right, chosen) in totals.items():
        print(f"{name:<26}{found / labelled_total:>10.3f}{right / max(chosen, 1):>14.3f}")
    print(
        f"precision at R (ours; R, an article's labelled claims, {r_precision[1]} in all): "
        f"{r_precision[0] / r_precision[1]:.3f}"
    )
    print(
        f"chains of two hops or more guessed in order: {chains[0]} of {chains[1]}; "
        f"claimants guessed: {claimants[0] / claimants[1]:.3f} of {claimants[1]}"
    )


def timing(articles: list[dict]) -> None:
    english = [a["text"] for a in articles if a["language"] == "en"]
    text, words = "", 0
    for extra in english:
        text += "\n\n" + extra
        words = len(text.split())
        if words >= 2_000:
            break
    rounds = 5
    start = time.process_time()
    for _ in range(rounds):
        split(text)
    splitting = (time.process_time() - start) / rounds
    start = time.process_time()
    for _ in range(rounds):
        rows = ranked(text)
        sentences = split(text)
        for _, i, sentence in rows:
            attribute(sentence.text, [s.text for s in sentences[max(0, i - PREVIOUS) : i]])
    reading = (time.process_time() - start) / rounds
    print(
        f"an article of {words:,} words: {reading * 1000:.0f} ms of CPU to read "
        f"({reading / BUDGET_SECONDS:.3f} of the budget; {reading / splitting:.1f} times splitting "
        f"it alone, {splitting * 1000:.1f} ms)"
    )


def seed() -> None:
    if not SEED.exists():
        print(f"seed article: skipped, {SEED} is absent (it is not part of a clone)")
        return
    from claims.demo.seed_claims import CLAIMS

    text = SEED.read_text(encoding="utf-8")
    best = [s for _, _, s in ranked(text)][:TOP]
    quotes = [a.quote for claim in CLAIMS for a in claim.appearances]
    found = [q for q in quotes if any(q in s.text for s in best)]
    print(f"seed article: {len(found)} of {len(quotes)} demo quotes in the best 25 ", end="")
    print(f"({len(found) / len(quotes):.0%})")
    sentence = next(s.text for s in split(text) if "Reuters cited" in s.text)
    chain = [(hop.name, hop.verb) for hop in attribute(sentence).chain]
    print(f"seed article: the “by accident” chain: {chain}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the claims missed")
    args = parser.parse_args()
    articles = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    quality(articles, args.misses)
    timing(articles)
    seed()


if __name__ == "__main__":
    main()
