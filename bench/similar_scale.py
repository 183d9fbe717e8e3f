"""Similar-claim suggestions at newsroom scale: latency, the matcher's memory, embedding time.

Run from the project folder:  .venv/bin/python bench/similar_scale.py  [--claims 100000]
    [--queries 200] [--keep DIR] [--vectors-from DIR]
    (BENCH_DATABASE_URL=postgres://… for PostgreSQL)

--keep DIR keeps the filled and embedded database (SQLite's file, or the PostgreSQL database
named) and the matcher's work folder in DIR, and a later run with the same DIR and --claims
measures again without filling and embedding (it says it did not embed). --vectors-from DIR
(a folder a SQLite run kept) copies that run's vectors instead of embedding the same texts
again, so PostgreSQL is measured without another half hour of embedding.

It fills a fresh database with --claims claims about one war (bench/claimtexts.py: texts that
share their vocabulary, as a real tracker's do), each with an appearance in an article whose
words differ from the claim's, so there are two texts a claim to embed. Then it starts the
matcher (`manage.py matcher`, the process that holds the model), embeds every text through
`manage.py embed_claims` and times it, reads the matcher's resident memory, and times
suggestions for typed texts: another outlet's wording of a logged claim (verbs, claimants and
words swapped, the claimant dropped), through claims.similar.suggest() in this process
exactly as the API calls it, which asks the matcher to embed the typed text and search. A plain
indexed lookup (a claim by its slug) is timed in the same run, between the same queries, as the
baseline the figures are read against. Each typed text goes through the three paths in turn,
the path that goes first changing from one text to the next, so that no path alone pays for
the pages of the index that a text reads first.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from bench.claimtexts import claim_texts  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
MATCHER_PORT = 8791
# Another outlet's words for the same thing.
SWAPS = {
    "killed": "dead",
    "captured": "detained",
    "crossed": "entered across",
    "shelling": "artillery fire",
    "residents": "inhabitants",
    "left their homes": "fled",
    "said": "reported",
    "claimed": "insisted",
    "announced": "said",
    "were seen moving": "were spotted heading",
    "destroyed": "blown up",
    "paratroopers": "airborne troops",
    "soldiers": "servicemen",
    "trucks": "lorries",
}


def bench_env(work: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "CELERY_"))},
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-never-used-elsewhere",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
        "MEDIA_ROOT": str(work / "media"),
        "BROKER_DIR": str(work / "broker"),
        "CACHE_DIR": str(work / "cache"),
        "REDIS_URL": "",
        "SIMILAR_MATCHER_URL": f"http://127.0.0.1:{MATCHER_PORT}",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def fill(total: int) -> None:
    """total claims, each with one appearance, written in bulk as the services would leave
    them (the appearance's words on the claim row); every other claim published."""
    import django

    django.setup()
    from claims.models import Appearance, Claim, Claimant, quote_words_key
    from sources.models import Source

    texts = claim_texts(total)
    claimants = {}
    per_article, batch = 20, 2000
    for start in range(0, total, batch):
        chunk = texts[start : start + batch]
        sources = Source.objects.bulk_create(
            Source(url=f"https://news.example.org/war/{start + i}", title=f"Report {start + i}")
            for i in range(0, len(chunk), per_article)
        )
        rows = []
        for i, text in enumerate(chunk):
            who, statement = text.split(" that ", 1) if " that " in text else ("Unknown", text)
            name = re.sub(
                r" (said|says|claimed|told reporters|stated|announced|reported)$", "", who
            )
            if name not in claimants:
                claimants[name] = Claimant.objects.create(
                    name=name, slug=f"c-{len(claimants)}", kind=Claimant.Kind.ORGANISATION
                )
            quote = statement.rstrip(".")
            rows.append(
                Claim(
                    slug=f"claim-{start + i}",
                    text=text,
                    appearance_words=quote,
                    claimant=claimants[name],
                    status=Claim.Status.PUBLISHED if (start + i) % 2 else Claim.Status.DRAFT,
                )
            )
        claims = Claim.objects.bulk_create(rows)
        Appearance.objects.bulk_create(
            Appearance(
                claim=claim,
                source=sources[i // per_article],
                quote=claim.appearance_words,
                words_key=quote_words_key(claim.appearance_words),
                position=i % per_article,
            )
            for i, claim in enumerate(claims)
        )
        print(f"  {start + len(chunk):,} claims", end="\r", flush=True)
    print()


def copy_vectors(source: Path) -> int:
    """Copies the vectors a kept SQLite run (--keep) embedded into this database, filled with
    the same claims: the model and texts are the same, so the vectors are too, and embedding
    them again would measure nothing new. Claims are matched by slug; each has one appearance."""
    import sqlite3

    import django

    django.setup()
    from claims.models import Appearance, Claim, Embedding

    claims = dict(Claim.objects.values_list("slug", "pk"))
    appearances = dict(Appearance.objects.values_list("claim_id", "pk"))
    kept = sqlite3.connect(f"file:{source / 'db.sqlite3'}?mode=ro", uri=True)
    rows = kept.execute(
        "SELECT c.slug, e.appearance_id IS NOT NULL, e.model, e.revision, e.sha256, e.vector "
        "FROM claims_embedding e JOIN claims_claim c ON c.id = e.claim_id"
    )
    copied = 0
    while batch := rows.fetchmany(5000):
        made = []
        for slug, of_appearance, model, revision, sha256, vector in batch:
            claim = claims[slug]
            made.append(
                Embedding(
                    claim_id=claim,
                    appearance_id=appearances[claim] if of_appearance else None,
                    model=model,
                    revision=revision,
                    sha256=sha256,
                    vector=vector,
                )
            )
        Embedding.objects.bulk_create(made)
        copied += len(made)
    return copied


def typed(text: str, rng: random.Random) -> str:
    """Another outlet's wording of text: words swapped, and often the claimant dropped."""
    for old, new in SWAPS.items():
        if old in text and rng.random() < 0.7:
            text = text.replace(old, new, 1)
    if " that " in text and rng.random() < 0.5:
        text = text.split(" that ", 1)[1]
    return text[0].upper() + text[1:]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(total: int, count: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from claims.models import Claim
    from claims.similar import suggest
    from claims.visibility import public_claims

    if connection.vendor == "postgresql":
        # A tracker in use has statistics of its tables (autovacuum makes them as claims come
        # in); a bulk fill has none yet, and the suggestions would be planned for an empty
        # table (claims.similar.rarity reads them).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    rng = random.Random(7)
    texts = claim_texts(total)
    picks = rng.sample(range(total), count)
    queries = [typed(texts[i], rng) for i in picks]
    slugs = [f"claim-{i}" for i in picks]
    # Warm both paths (connections, compiled queries); the matcher's first search after
    # the embedding reads every new vector, which may take longer than a search may wait.
    deadline = time.monotonic() + 300
    while not suggest(queries[0]).semantic.available:
        if time.monotonic() > deadline:
            sys.exit("the matcher never answered a search")
        time.sleep(2)
    Claim.objects.filter(slug=slugs[0]).first()

    def timed(call) -> float:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000

    lookup, found = [], 0
    paths = {"combined": [], "lexical": [], "public": []}
    for number, (query, slug, pick) in enumerate(zip(queries, slugs, picks, strict=True)):
        lookup.append(timed(lambda slug=slug: Claim.objects.filter(slug=slug).first()))
        names = list(paths)
        for name in names[number % 3 :] + names[: number % 3]:
            started = time.perf_counter()
            if name == "combined":
                outcome = suggest(query)
            elif name == "lexical":
                suggest(query, mode="lexical")
            else:
                suggest(query, among=public_claims())
            paths[name].append((time.perf_counter() - started) * 1000)
        if not outcome.semantic.available:
            sys.exit(f"the matcher did not answer: {outcome.semantic.reason}")
        found += any(s.claim.slug == f"claim-{pick}" for s in outcome.results[:3])
    combined, lexical, public = paths["combined"], paths["lexical"], paths["public"]

    base = percentile(lookup, 0.95)
    print(f"\n{count} typed texts over {total:,} claims ({Claim.objects.count():,} rows)")
    print(f"{'path':34} {'p50 ms':>8} {'p95 ms':>8} {'p95 / lookup':>13}")
    for name, values in [
        ("plain indexed lookup (baseline)", lookup),
        ("suggest, combined (staff)", combined),
        ("suggest, combined (readers)", public),
        ("suggest, wording alone", lexical),
    ]:
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{name:34} {p50:8.1f} {p95:8.1f} {p95 / base:12.0f}x")
    print(f"the logged claim among the first 3 suggestions: {found}/{count}")


def rss_mb(pid: int) -> tuple[float, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    values = {k: int(v.split()[0]) / 1024 for k, v in re.findall(r"(VmRSS|VmHWM):\s+(.+)", status)}
    return values["VmRSS"], values["VmHWM"]


def wait_for_matcher(process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the matcher exited")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{MATCHER_PORT}/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit("the matcher did not answer")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the database in this folder")
    parser.add_argument(
        "--vectors-from",
        type=Path,
        help="a folder a SQLite run kept (--keep) with the same --claims: its vectors are "
        "copied rather than embedded again",
    )
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--copy-vectors", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        return fill(args.fill)
    if args.copy_vectors:
        return print(f"copied {copy_vectors(args.copy_vectors):,} vectors")
    if args.measure:
        return measure(args.measure, args.queries)

    with tempfile.TemporaryDirectory(prefix="claimtrail-similar-") as folder:
        work = args.keep or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        env = bench_env(work)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        # What a kept folder holds: the claims filled, and the database they are in.
        marker = work / "filled"
        ready = f"{args.claims} {env['DATABASE_URL']}"
        reuse = marker.is_file() and marker.read_text() == ready
        if reuse:
            print(f"{database}: {args.claims:,} claims kept in {work}")
            # Kept by an earlier version of the code, perhaps: brought to this one's schema.
            manage(env, "migrate", "--noinput", "-v0")
        else:
            print(f"{database}: filling {args.claims:,} claims")
            manage(env, "migrate", "--noinput", "-v0")
            started = time.perf_counter()
            subprocess.run(
                [str(BIN / "python"), __file__, "--fill", str(args.claims)],
                env=env,
                cwd=ROOT,
                check=True,
            )
            print(f"filled in {time.perf_counter() - started:.0f} s")

        matcher = subprocess.Popen(
            [str(BIN / "python"), "manage.py", "matcher", "--address", f"127.0.0.1:{MATCHER_PORT}"],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for_matcher(matcher, 120)
            idle = rss_mb(matcher.pid)
            if not reuse and args.vectors_from:
                subprocess.run(
                    [str(BIN / "python"), __file__, "--copy-vectors", str(args.vectors_from)],
                    env=env,
                    cwd=ROOT,
                    check=True,
                )
                print(f"embedding not timed: the vectors are those {args.vectors_from} holds")
                marker.write_text(ready)
            elif not reuse:
                started = time.perf_counter()
                manage(env, "embed_claims")
                seconds = time.perf_counter() - started
                print(
                    f"embedded {args.claims:,} claims (a text and an appearance each) in "
                    f"{seconds:.0f} s: {2 * args.claims / seconds:.0f} texts/s"
                )
                marker.write_text(ready)
            subprocess.run(
                [
                    str(BIN / "python"),
                    __file__,
                    "--measure",
                    str(args.claims),
                    "--queries",
                    str(args.queries),
                ],
                env=env,
                cwd=ROOT,
                check=True,
            )
            loaded = rss_mb(matcher.pid)
            # A kept database's vectors are read as the matcher starts.
            before = "" if reuse else f"{idle[0]:.0f} MB with the model and no vectors; "
            print(
                f"matcher memory: {before}{loaded[0]:.0f} MB resident with every vector "
                f"(peak {loaded[1]:.0f} MB)"
            )
        finally:
            matcher.terminate()
            matcher.wait(10)


if __name__ == "__main__":
    main()
