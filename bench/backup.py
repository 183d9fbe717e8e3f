"""Backup and restore benchmark: `manage.py backup` and `restore` of 1,000 claims and 200
captures against copying the same database and WARC store by plain means.

Run from the project folder:  .venv/bin/python bench/backup.py  [--claims 1000] [--captures 200]

It fills an embedded Claimtrail (SQLite; PostgreSQL when BENCH_DATABASE_URL is set, which must
name an empty database: it is filled and left) with the demo scaled to --claims published
claims (bench/pages.py --scale) and --captures real captures of article-sized pages (a title
and 400 paragraphs of varied sentences, ~45 KB) from a loopback server. Then, in
the same run, it times the backup and the restore (in-process, and as commands with Django's
start-up), a baseline of the same copy by plain means (SQLite's backup API or pg_dump, and a
file copy of the WARC store; restore: the same back into a new database and folder), prints
the sizes, and compares every row (dumpdata of both databases) and every file's bytes: the
differences must be 0. Nothing leaves 127.0.0.1.
"""

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

from claimtexts import claim_text  # noqa: E402 - bench/ is this script's folder


def article(n: int) -> bytes:
    """A news article of about 45 KB: a title and 400 paragraphs, each a sentence such as the
    claim benchmarks use (varied as real prose is, so the WARC's gzip does not flatter the
    sizes), deterministic for n."""
    rng = random.Random(n)
    paragraphs = "".join(f"<p>{claim_text(rng)}</p>" for _ in range(400))
    return (
        f"<html><head><title>Bench report {n}</title></head><body><article>"
        f"<h1>Bench report {n}</h1>{paragraphs}</article></body></html>"
    ).encode()


def bench_env(work: Path, database_url: str, media: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "CELERY_"))},
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "BROKER_DIR": str(work / "broker"),
        "CACHE_DIR": str(work / "cache"),
        "REDIS_URL": "",
        "DEMO_PASSWORD": "bench-demo-password",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(BIN / "python"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def timed(env: dict[str, str], *args: str) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = run(env, *args)
    return time.perf_counter() - started, result


def child(mode: str, argument: str) -> None:
    """The parts that run inside Django, in a process of their own, printing JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if mode == "capture":
        capture_articles(int(argument))
        return
    import django

    django.setup()
    if mode == "backup":
        from config.ops.backup import backup

        started = time.perf_counter()
        report = backup(Path(argument))
        print(json.dumps({"seconds": time.perf_counter() - started, "bytes": report.size}))
    elif mode == "restore":
        from config.ops.restore import restore

        started = time.perf_counter()
        restore(Path(argument))
        print(json.dumps({"seconds": time.perf_counter() - started}))


def capture_articles(count: int) -> None:
    from tests.loopback import LoopbackServer, page

    with LoopbackServer() as server:
        # The archiver refuses loopback addresses unless told, as in the tests.
        os.environ["ARCHIVE_ALLOWED_NETWORKS"] = "127.0.0.0/8"
        os.environ["ARCHIVE_ALLOWED_PORTS"] = f"80,443,{server.port}"
        import django

        django.setup()
        from sources.models import Capture
        from sources.services import capture_run, source_create

        for n in range(count):
            server.route(f"/report/{n}", page(article(n)))
            source, _ = source_create(url=server.url(f"/report/{n}"), send=False)
            queued = source.captures.get(status=Capture.Status.QUEUED)
            done = capture_run(capture_id=queued.pk)
            if done.status != Capture.Status.SUCCEEDED:
                raise SystemExit(f"capture {n} {done.status}: {done.error_message}")


def fresh_postgres(url: str) -> tuple[str, str]:
    """A new database beside the one url names: (its URL, its name)."""
    name = f"claimtrail_bench_restore_{uuid.uuid4().hex[:8]}"
    psql(url, f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def psql(url: str, statement: str) -> None:
    subprocess.run(
        ["psql", urlunsplit(urlsplit(url)._replace(path="/postgres")), "-qc", statement],
        check=True,
        capture_output=True,
    )


def dumped_rows(env: dict[str, str]) -> dict:
    rows = json.loads(run(env, "manage.py", "dumpdata", "--all", "--format=json").stdout)
    return {(row["model"], json.dumps(row["pk"])): row["fields"] for row in rows}


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def differences(before: dict, after: dict) -> int:
    return len(before.keys() ^ after.keys()) + sum(
        before[key] != after[key] for key in before.keys() & after.keys()
    )


def baseline_backup(url: str, work: Path, media: Path, target: Path) -> float:
    started = time.perf_counter()
    target.mkdir()
    if url.startswith("sqlite"):
        source = sqlite3.connect(urlsplit(url).path)
        copy = sqlite3.connect(target / "db.sqlite3")
        source.backup(copy)
        copy.close()
        source.close()
    else:
        subprocess.run(
            ["pg_dump", "--format=custom", f"--file={target / 'db.pgdump'}", url], check=True
        )
    shutil.copytree(media / "warc", target / "warc")
    return time.perf_counter() - started


def baseline_restore(url: str, copy: Path, work: Path) -> float:
    """The plain copy back: into a new SQLite file or a new PostgreSQL database, and a new
    folder."""
    if url.startswith("sqlite"):
        started = time.perf_counter()
        source = sqlite3.connect(copy / "db.sqlite3")
        target = sqlite3.connect(work / "baseline-restored.sqlite3")
        source.backup(target)
        target.close()
        source.close()
    else:
        target_url, name = fresh_postgres(url)
        started = time.perf_counter()
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={target_url}", str(copy / "db.pgdump")],
            check=True,
        )
    shutil.copytree(copy / "warc", work / "baseline-restored-media" / "warc")
    elapsed = time.perf_counter() - started
    if not url.startswith("sqlite"):
        psql(url, f'DROP DATABASE "{name}" WITH (FORCE)')
    return elapsed


def fsync_tree(path: Path) -> float:
    """Flush every file under path to disk, as backup and restore do before they finish;
    returns the seconds it took."""
    started = time.perf_counter()
    for file in path.rglob("*"):
        if file.is_file():
            with open(file, "rb+") as handle:
                os.fsync(handle.fileno())
    return time.perf_counter() - started


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--captures", type=int, default=200)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    work = Path(tempfile.mkdtemp(prefix="claimtrail-bench-backup-"))
    source_url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}")
    engine = "SQLite" if source_url.startswith("sqlite") else "PostgreSQL"
    media = work / "media"
    env = bench_env(work, source_url, media)
    restored_name = None
    try:
        print(f"Filling {engine}: {args.claims} claims, {args.captures} captures…", flush=True)
        run(env, "manage.py", "migrate", "--noinput", "-v0")
        run(env, "bench/pages.py", "--scale", str(args.claims))
        run(env, __file__, "--child", "capture", str(args.captures))

        backup_s = json.loads(run(env, __file__, "--child", "backup", str(work / "b1")).stdout)
        command_backup_s, _ = timed(env, "manage.py", "backup", str(work / "b2"))
        plain_backup_s = baseline_backup(source_url, work, media, work / "plain")

        if engine == "SQLite":
            target_url = f"sqlite:///{work / 'restored.sqlite3'}"
            second_url = f"sqlite:///{work / 'restored-2.sqlite3'}"
        else:
            target_url, restored_name = fresh_postgres(source_url)
            second_url, second_name = fresh_postgres(source_url)
        target = bench_env(work, target_url, work / "restored-media")
        restore_s = json.loads(run(target, __file__, "--child", "restore", str(work / "b1")).stdout)
        second = bench_env(work, second_url, work / "restored-media-2")
        command_restore_s, _ = timed(second, "manage.py", "restore", str(work / "b2"))
        if engine == "PostgreSQL":
            psql(source_url, f'DROP DATABASE "{second_name}" WITH (FORCE)')
        plain_restore_s = baseline_restore(source_url, work / "plain", work)
        synced_backup_s = plain_backup_s + fsync_tree(work / "plain")
        synced_restore_s = plain_restore_s + fsync_tree(work / "baseline-restored-media")

        rows = differences(dumped_rows(env), dumped_rows(target))
        stored = files(media / "warc")
        restored = files(work / "restored-media" / "warc")
        file_diffs = differences(stored, restored)
        row_count = len(dumped_rows(env))

        print()
        print(f"{engine}, {args.claims} claims, {args.captures} captures:")
        print(f"  store: {len(stored)} WARC files, {size(media / 'warc') / 1e6:.1f} MB")
        print(
            f"  backup: {size(work / 'b1') / 1e6:.1f} MB; plain copy "
            f"{size(work / 'plain') / 1e6:.1f} MB"
        )
        for label, ours, command, plain, synced in (
            ("backup", backup_s["seconds"], command_backup_s, plain_backup_s, synced_backup_s),
            ("restore", restore_s["seconds"], command_restore_s, plain_restore_s, synced_restore_s),
        ):
            print(
                f"  {label:8} {ours:6.2f} s in-process ({command:5.2f} s as a command); plain "
                f"copy {plain:5.2f} s, {synced:5.2f} s with every file fsynced: "
                f"{ours / plain:4.1f}x and {ours / synced:4.1f}x"
            )
        print(f"  differences: {rows} of {row_count} rows, {file_diffs} of {len(stored)} files")
    finally:
        if restored_name:
            psql(source_url, f'DROP DATABASE "{restored_name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
