"""Figures benchmark: how well claims.figures reads the figures of the labelled quotes.

Run from the project folder:  .venv/bin/python bench/figures.py  [--misses]

For each quote of the two labelled sets in tests/data/figures it reads the figures and
compares them with the labelled ones on (value, upper, unit, qualifier): precision (read
figures that are labelled, over all read) and recall (labelled figures read, over all
labelled), overall and by language, and how often the kind of what is counted is right.
quotes.jsonl is the set the reader was written against; heldout.jsonl was written later by
someone who had not seen the reader, and the reader was not changed after it: its figures
are the ones to expect on new text. Where quantulum3 is installed (`pip install quantulum3`,
not one of ours), it scores it on the same quotes by value alone, ignoring unit and qualifier,
which it reads differently: the kindest comparison for it. Time: per quote, beside a plain
scan of the same quotes for digits in the same run (a floor no reader goes under), and
against the 5 ms a quote that reading may take inside the admin's save.
"""

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.figures import extract_figures  # noqa: E402

SETS = {
    "labelled set (written against)": ROOT / "tests" / "data" / "figures" / "quotes.jsonl",
    "held-out set": ROOT / "tests" / "data" / "figures" / "heldout.jsonl",
}
BUDGET_MS = 5.0


def key(value: float, upper: float | None, unit: str, qualifier: str) -> tuple:
    return (round(value, 4), None if upper is None else round(upper, 4), unit, qualifier)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def score(name: str, quotes: list[dict], misses: bool) -> None:
    hits, read, labelled = Counter(), Counter(), Counter()
    kinds_right = kinds_total = 0
    for quote in quotes:
        lang = quote["lang"]
        want = Counter(
            key(f["value"], f["upper"], f["unit"], f["qualifier"]) for f in quote["figures"]
        )
        found = extract_figures(quote["quote"])
        got = Counter(key(f.value, f.upper, f.unit, f.qualifier) for f in found)
        right = sum((want & got).values())
        for bucket in (lang, "all"):
            hits[bucket] += right
            read[bucket] += sum(got.values())
            labelled[bucket] += sum(want.values())
        kinds = {
            key(f["value"], f["upper"], f["unit"], f["qualifier"]): f["kind"]
            for f in quote["figures"]
        }
        for figure in found:
            k = key(figure.value, figure.upper, figure.unit, figure.qualifier)
            if k in kinds:
                kinds_total += 1
                kinds_right += figure.kind == kinds[k]
        if misses and want != got:
            print(f"{quote['id']}: {quote['quote']}")
            print(f"    missed {sorted((want - got).elements(), key=str)}")
            print(f"    wrong  {sorted((got - want).elements(), key=str)}")
    print(f"The {name}: {len(quotes)} quotes, {labelled['all']} figures:")
    for bucket in ["all", *sorted(b for b in labelled if b != "all")]:
        precision = hits[bucket] / read[bucket] if read[bucket] else 0.0
        recall = hits[bucket] / labelled[bucket] if labelled[bucket] else 0.0
        print(
            f"  {bucket:>3}: precision {precision:.3f}, recall {recall:.3f} "
            f"({hits[bucket]} right of {read[bucket]} read, {labelled[bucket]} labelled)"
        )
    print("  target: precision and recall of (value, upper, unit, qualifier) >= 0.95 each")
    if kinds_total:
        share = kinds_right / kinds_total
        print(f"  what is counted (kind) right for {share:.3f} of the figures read right")


def quantulum_line(name: str, quotes: list[dict]) -> None:
    try:
        import warnings

        warnings.filterwarnings("ignore", module="quantulum3")
        from quantulum3 import classifier, parser
    except ImportError:
        return
    # Its unit classifier is a pickle of another scikit-learn than the matcher's, and which
    # unit it picks does not count here.
    classifier.USE_CLF = False
    right = read = labelled = 0
    for quote in quotes:
        want = Counter(round(f["value"], 4) for f in quote["figures"])
        got = Counter(round(q.value, 4) for q in parser.parse(quote["quote"]))
        right += sum((want & got).values())
        read += sum(got.values())
        labelled += sum(want.values())
    print(
        f"  quantulum3, values alone: precision {right / read:.3f}, recall "
        f"{right / labelled:.3f} ({right} right of {read} read)"
    )


def timing(quotes: list[dict], rounds: int) -> None:
    texts = [quote["quote"] for quote in quotes]
    digits = re.compile(r"\d+")

    def run(read) -> float:
        best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            for text in texts:
                read(text)
            best = min(best, time.perf_counter() - started)
        return best / len(texts) * 1000

    ours = run(extract_figures)
    floor = run(digits.findall)
    print(f"Time a quote (best of {rounds} rounds over the {len(texts)} quotes):")
    print(f"  claims.figures: {ours:.3f} ms; a plain scan for digits: {floor:.4f} ms")
    budget = ours / BUDGET_MS
    print(f"  ratio: {ours / floor:.0f}x the scan; {budget:.2f} of the {BUDGET_MS:g} ms budget")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print each quote read wrong")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    every = []
    for name, path in SETS.items():
        quotes = load(path)
        score(name, quotes, args.misses)
        quantulum_line(name, quotes)
        every += quotes
    timing(every, args.rounds)


if __name__ == "__main__":
    main()
