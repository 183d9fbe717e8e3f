"""Archiving benchmark: Claimtrail's real worker against sequential `wget --warc-file`.

Run from the project folder:  .venv/bin/python bench/archive.py  [--pages 200] [--delay-ms 250]

Both tools fetch the same pages from a loopback server that answers each after a delay, in
the same run, so the ratio holds on a busy, shared machine where absolute times do not. It
then measures the worker's memory on a 100 MB response, and the refusal of a 200 MB one
under the default 50 MB cap. Nothing leaves 127.0.0.1.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.loopback import LoopbackServer, huge, page, slow  # noqa: E402

BIN = Path(sys.executable).parent
MB = 1024 * 1024


def project_env(work: Path, port: int, **extra: object) -> dict[str, str]:
    """An embedded Claimtrail in work/: its own SQLite file, media and broker folders."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "CELERY_"))},
        "DEBUG": "true",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
        "MEDIA_ROOT": str(work / "media"),
        "BROKER_DIR": str(work / "broker"),
        "CACHE_DIR": str(work / "cache"),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(work / "beat.schedule"),
        "REDIS_URL": "",
        "ARCHIVE_ALLOWED_NETWORKS": "127.0.0.0/8",
        "ARCHIVE_ALLOWED_PORTS": f"80,443,{port}",
        "LOG_LEVEL": "WARNING",
        **{k: str(v) for k, v in extra.items()},
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def peak_rss_mb(env: dict[str, str], *args: str) -> tuple[float, str]:
    """Run a manage.py command and return its peak resident memory in MB, and its output."""
    process = subprocess.Popen(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = process.stdout.read().decode(errors="replace")
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return usage.ru_maxrss / 1024, output


def throughput(pages: int, delay_ms: int, server: LoopbackServer, work: Path) -> None:
    for n in range(pages):
        server.route(f"/p/{n}", slow(delay_ms, b"<html><body><p>page %d</p></body></html>" % n))
    urls = work / "urls.txt"
    urls.write_text("\n".join(server.url(f"/p/{n}") for n in range(pages)) + "\n")

    env = project_env(work, server.port)
    manage(env, "migrate", "--noinput").check_returncode()
    worker = subprocess.Popen(
        [str(BIN / "celery"), "-A", "config", "worker", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # let the worker connect before the clock starts
        started = time.monotonic()
        result = manage(env, "archive", "--file", str(urls), "--timeout", "300")
        ours = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(30)
    succeeded = result.stdout.count("succeeded")

    wget = shutil.which("wget")
    if wget is None:
        print("wget is not installed (apt-get install wget); no baseline to compare with")
        return
    started = time.monotonic()
    subprocess.run(
        [wget, "--quiet", "--warc-file", str(work / "wget"), "--input-file", str(urls)],
        cwd=work,
        check=False,
    )
    theirs = time.monotonic() - started
    print(f"{pages} pages answering after {delay_ms} ms each, same run:")
    print(f"  claimtrail worker (default pool and concurrency): {ours:6.1f} s, {succeeded} ok")
    print(f"  wget --warc-file (sequential):                   {theirs:6.1f} s")
    print(f"  ratio: claimtrail is {theirs / ours:.1f}x faster than wget (target >= 10x)")


def memory(server: LoopbackServer, work: Path) -> None:
    server.route("/small", page(b"<p>small</p>"))
    server.route("/100mb", huge(100 * MB))
    server.route("/200mb", oversized := huge(200 * MB, declare_length=False))
    big = {"ARCHIVE_MAX_BYTES": 150 * MB}
    small_rss, _ = peak_rss_mb(
        project_env(work, server.port, **big), "archive", "--sync", server.url("/small")
    )
    big_rss, out = peak_rss_mb(
        project_env(work, server.port, **big), "archive", "--sync", server.url("/100mb")
    )
    print("Memory of one capture (peak resident set of the process, same run):")
    print(f"  small page: {small_rss:6.1f} MB; 100 MB response: {big_rss:6.1f} MB")
    print(f"  growth: {big_rss - small_rss:5.1f} MB (target < 50 MB)")
    if "succeeded" not in out:
        print(f"  the 100 MB capture did not succeed:\n{out}")

    started = time.monotonic()
    result = manage(project_env(work, server.port), "archive", "--sync", server.url("/200mb"))
    elapsed = time.monotonic() - started
    refused = "archiving limit" in result.stdout and "failed" in result.stdout
    status = "failed as too_large" if refused else f"NOT refused as too large: {result.stdout}"
    print(f"200 MB response, default cap: {status} in {elapsed:.1f} s; the server got to send")
    print(f"  {oversized.sent / MB:.0f} MB before the archiver hung up (cap 50 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--delay-ms", type=int, default=250)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as tmp, LoopbackServer() as server:
        work = Path(tmp)
        throughput(args.pages, args.delay_ms, server, work)
        if not args.skip_memory:
            memory(server, work)


if __name__ == "__main__":
    main()
