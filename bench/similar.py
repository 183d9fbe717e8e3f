"""Similar-claim suggestions measured on the labelled set (tests/data/similar/).

Run from the project folder:  .venv/bin/python bench/similar.py  [--postgres [URL]]
                                                               [--modes lexical,semantic,combined]

It loads the set's corpus into a throwaway SQLite database (with --postgres, also into a
fresh PostgreSQL database on that server, dropped afterwards), runs every labelled query
through claims.similar.suggest() in each mode, and prints per mode: the precision of `same`,
recall@3 and recall@1, per kind of query, and the Cyrillic queries of claims logged only in
Latin script on their own line ("cross-script"), since wording cannot reach those.

Thresholds were chosen on the odd-numbered queries only; the even-numbered half is the check
on them, and the table prints both halves beside the whole, so a threshold that only fits the
half it was chosen on shows.

Semantic and combined modes ask the matcher (`manage.py matcher`, a process of its own),
which the bench starts against its database; the corpus is embedded through it by
claims.similar.embedding.embed_claims, as the worker does after a save. The bench waits for
the matcher up to 30 s a search (the page request's default is 2 s) so that a busy machine
does not turn meaning off for some queries; each mode says in how many queries meaning took
part. If the matcher never loads its model, those modes are wording alone and say so.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODES = ("lexical", "semantic", "combined")
MODEL_LOAD_SECONDS = 300


def configure(database_url: str, work: Path, matcher_url: str) -> None:
    os.environ.update(
        {
            "SIMILAR_MATCHER_URL": matcher_url,
            "SIMILAR_MATCHER_TIMEOUT": "30",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-only-secret-key-never-used-elsewhere",
            "MEDIA_ROOT": str(work / "media"),
            "BROKER_DIR": str(work / "broker"),
            "CACHE_DIR": str(work / "cache"),
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


def _percent(value: float | None) -> str:
    return "    - " if value is None else f"{100 * value:5.1f}%"


def _row(label: str, figures) -> str:
    same = f"{figures.same_right}/{figures.same_said}"
    return (
        f"  {label:<24}{figures.queries:>4}  {_percent(figures.precision)} {same:>8}"
        f"  {_percent(figures.recall(3))}  {_percent(figures.recall(1))}"
        f"  {_percent(figures.same_recall)}"
    )


def report(labelled, outcomes, mode: str) -> None:
    from tests.data.similar.labelled import KINDS, figures

    semantic = sum(o.semantic for o in outcomes)
    print(f"\n{mode}  (meaning took part in {semantic} of {len(outcomes)} queries)")
    print(f"  {'':<24}{'n':>4}  {'prec. same':>15}  {'rec@3':>6}  {'rec@1':>6}  {'same rec':>6}")
    print(_row("all", figures(outcomes)))
    for half in ("odd", "even"):
        part = [o for o in outcomes if o.query.half == half]
        label = f"{half} ids ({'chosen on' if half == 'odd' else 'held out'})"
        print(_row(label, figures(part)))
    for kind in KINDS:
        print(_row(kind, figures([o for o in outcomes if o.query.kind == kind])))
    cross = [o for o in outcomes if labelled.cross_script(o.query)]
    print(_row("cross-script (ru/uk→en)", figures(cross)))


def misses(outcomes) -> None:
    """The queries a mode got wrong, for reading the table against."""
    for o in outcomes:
        wrong_same = [key for key in o.same if key != o.query.same]
        missed = o.query.same is not None and not o.found_in(3)
        if wrong_same or missed:
            print(
                f"    #{o.query.id} {o.query.kind}: want {o.query.same}, got {o.ranked[:3]}"
                f" same={o.same}  {o.query.text[:70]}"
            )


def start_matcher(work: Path, port: int) -> subprocess.Popen:
    """`manage.py matcher` on the bench's database, with this process's environment."""
    log = (work / "matcher.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "manage.py", "matcher", "--address", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "CELERY_"))},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def matcher_ready(timeout: float) -> str:
    """ "ok" once the matcher has its model, or why it has not."""
    from claims.similar import matcher_client
    from tests.workers import wait_for

    answer: dict = {}

    def ok() -> bool:
        nonlocal answer
        try:
            answer = matcher_client.health()
        except matcher_client.MatcherUnavailable as unavailable:
            answer = {"status": str(unavailable)}
        return answer.get("status") == "ok"

    wait_for(ok, timeout=timeout, interval=1)
    return answer.get("status", "no answer")


def measure(database_url: str, work: Path, modes: list[str], verbose: bool) -> None:
    from tests.workers import free_port

    port = free_port()
    configure(database_url, work, f"http://127.0.0.1:{port}")
    from django.core.management import call_command
    from django.db import connection

    from claims.similar.embedding import embed_claims
    from tests.data.similar.labelled import load, read, run

    call_command("migrate", verbosity=0)
    labelled = read()
    pks = load(labelled)
    print(
        f"{connection.vendor}: {len(pks)} claims, {len(labelled.queries)} queries "
        f"({sum(q.same is not None for q in labelled.queries)} with a labelled claim)"
    )
    matcher = start_matcher(work, port) if set(modes) - {"lexical"} else None
    try:
        if matcher is not None:
            status = matcher_ready(MODEL_LOAD_SECONDS)
            if status == "ok":
                print(f"matcher: embedded {embed_claims(list(pks.values()))} texts")
            else:
                print(f"matcher not ready ({status}): meaning takes no part")
        for mode in modes:
            outcomes = run(labelled, pks, mode=mode)
            report(labelled, outcomes, mode)
            if verbose:
                misses(outcomes)
    finally:
        if matcher is not None:
            os.killpg(matcher.pid, signal.SIGTERM)
            matcher.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="postgres://postgres@127.0.0.1:5432/postgres",
        help="also on PostgreSQL: a server URL; a fresh database is made there and dropped",
    )
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--misses", action="store_true", help="list what each mode got wrong")
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    modes = [mode for mode in args.modes.split(",") if mode]
    with tempfile.TemporaryDirectory(prefix="bench-similar-") as folder:
        work = Path(folder)
        if args.database_url:
            measure(args.database_url, work, modes, args.misses)
            return
        run_in_child(f"sqlite:///{work / 'db.sqlite3'}", args)
        if args.postgres:
            with fresh_postgres(args.postgres) as url:
                run_in_child(url, args)


def run_in_child(database_url: str, args) -> None:
    """One database per process: Django is set up once per process."""
    command = [sys.executable, __file__, "--database-url", database_url, "--modes", args.modes]
    if args.misses:
        command.append("--misses")
    subprocess.run(command, check=True, cwd=ROOT)


@contextmanager
def fresh_postgres(server: str) -> Iterator[str]:
    """The URL of a database of its own on the server at server, dropped on the way out."""
    import psycopg

    name = f"claimtrail_bench_similar_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
