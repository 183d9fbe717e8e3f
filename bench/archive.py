"""Archiving benchmark: Claimtrail's real workers against sequential `wget --warc-file`.

Run from the project folder:  .venv/bin/python bench/archive.py  [--pages 200] [--delay-ms 250]

Both tools fetch the same news-article pages (tests/loopback/articles.py: about 50 KB of
HTML each, with meta tags, scripts, styles, navigation, images and a few hundred paragraphs,
no two alike) from a loopback server that answers each after a delay, in the same run, so
the ratio holds on a busy, shared machine where absolute times do not; the workers' CPU a
capture is printed beside the time. It then drains 1,000 captures queued at once on the
embedded broker, measures one capture's memory on a 100 MB response, and the refusal of a
200 MB one under the default 50 MB cap. Nothing leaves 127.0.0.1.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.loopback import LoopbackServer, huge, page, slow  # noqa: E402
from tests.loopback.articles import article  # noqa: E402

BIN = Path(sys.executable).parent
MB = 1024 * 1024


def project_env(work: Path, port: int, **extra: object) -> dict[str, str]:
    """An embedded Claimtrail in work/: its own SQLite file, media and broker folders."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "CELERY_"))},
        # Production mode: DEBUG's query log costs a worker about a fifth more CPU a capture.
        "DEBUG": "false",
        "SECRET_KEY": "bench-archive-secret-key-used-nowhere-else-0123456789",
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


def manage_measured(env: dict[str, str], *args: str) -> tuple[str, "os.struct_rusage"]:
    """Run a manage.py command: its output (stdout and stderr) and its resource usage."""
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
    return output, usage


def peak_rss_mb(env: dict[str, str], *args: str) -> tuple[float, str]:
    """Run a manage.py command and return its peak resident memory in MB, and its output."""
    output, usage = manage_measured(env, *args)
    return usage.ru_maxrss / 1024, output


def group_cpu_seconds(group: int) -> float:
    """CPU time of every process in a process group, with that of children they reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == group:  # pgrp
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / tick


def start_workers(env: dict[str, str]) -> subprocess.Popen:
    """The workers `make run` starts (bin/worker), in a process group of their own."""
    return subprocess.Popen(
        [str(ROOT / "bin" / "worker"), "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def archive_run(env: dict[str, str], urls: Path) -> tuple[float, float, float, int]:
    """Archive the URLs in urls through fresh workers: wall seconds, the workers' CPU
    seconds, the command's CPU seconds, and how many succeeded."""
    workers = start_workers(env)
    try:
        time.sleep(4)  # let the workers connect before the clock starts
        idle = group_cpu_seconds(workers.pid)
        started = time.monotonic()
        output, usage = manage_measured(env, "archive", "--file", str(urls), "--timeout", "300")
        wall = time.monotonic() - started
        busy = group_cpu_seconds(workers.pid) - idle
    finally:
        os.killpg(workers.pid, signal.SIGTERM)
        workers.wait(30)
    lines = [line.split(None, 1)[0] for line in output.splitlines()[1:] if line.strip()]
    return wall, busy, usage.ru_utime + usage.ru_stime, lines.count("succeeded")


def wget_run(urls: Path, work: Path) -> float | None:
    wget = shutil.which("wget")
    if wget is None:
        return None
    started = time.monotonic()
    subprocess.run(
        [wget, "--quiet", "--warc-file", str(work / "wget"), "--input-file", str(urls)],
        cwd=work,
        check=False,
    )
    return time.monotonic() - started


def workers_env(args: argparse.Namespace) -> dict[str, int]:
    """The worker layout asked for on the command line; the project's defaults otherwise."""
    layout = {"CELERY_WORKER_PROCESSES": args.processes, "CELERY_WORKER_CONCURRENCY": args.threads}
    return {name: value for name, value in layout.items() if value}


def throughput(args: argparse.Namespace, server: LoopbackServer, work: Path) -> None:
    pages, delay_ms = args.pages, args.delay_ms
    kinds = {"article": lambda n: article(n, paragraphs=args.paragraphs)}
    if args.tiny:
        kinds["tiny"] = lambda n: b"<html><body><p>page %d</p></body></html>" % n
    sizes = {}
    for kind, make in kinds.items():
        bodies = [make(n) for n in range(pages)]
        sizes[kind] = sum(map(len, bodies)) / pages / 1024
        for n, body in enumerate(bodies):
            server.route(f"/{kind}/{n}", slow(delay_ms, body))
        (work / f"{kind}.txt").write_text(
            "\n".join(server.url(f"/{kind}/{n}") for n in range(pages)) + "\n"
        )
    results = {}
    for kind in kinds:
        folder = work / kind
        folder.mkdir()
        env = project_env(folder, server.port, **workers_env(args))
        manage(env, "migrate", "--noinput").check_returncode()
        results[kind] = archive_run(env, work / f"{kind}.txt")
    theirs = wget_run(work / "article.txt", work)

    layout = ", ".join(f"{k}={v}" for k, v in workers_env(args).items()) or "default workers"
    print(f"{pages} pages answering after {delay_ms} ms each, {os.cpu_count()} cores, {layout}:")
    for kind, (wall, busy, command, ok) in results.items():
        print(
            f"  claimtrail, {kind} pages ({sizes[kind]:.1f} KB): {wall:6.1f} s, {ok} succeeded; "
            f"workers' CPU {busy / pages * 1000:.0f} ms a capture, "
            f"`manage.py archive` {command / pages * 1000:.0f} ms a URL"
        )
    if theirs is None:
        print("wget is not installed (apt-get install wget); no baseline to compare with")
        return
    wall = results["article"][0]
    print(f"  wget --warc-file (sequential), article pages: {theirs:6.1f} s")
    print(f"  ratio: claimtrail is {theirs / wall:.1f}x faster than wget (target >= 10x)")
    busy = results["article"][1] / pages
    print(
        f"  at {busy * 1000:.0f} ms of worker CPU a capture, {os.cpu_count()} cores archive at "
        f"most {os.cpu_count() / busy:.0f} pages a second, however fast the network"
    )


def drain(count: int, server: LoopbackServer, work: Path) -> None:
    """Queue count captures at once on the embedded broker and count what became of them."""
    for n in range(count):
        server.route(f"/queued/{n}", page(article(n, paragraphs=60)))
    urls = work / "queued.txt"
    urls.write_text("\n".join(server.url(f"/queued/{n}") for n in range(count)) + "\n")
    folder = work / "drain"
    folder.mkdir()
    env = project_env(folder, server.port)
    manage(env, "migrate", "--noinput").check_returncode()
    wall, busy, _, ok = archive_run(env, urls)
    print(f"{count} captures queued at once on the embedded broker (files, SQLite):")
    print(
        f"  {ok} succeeded, {count - ok} not, in {wall:.1f} s "
        f"({busy / count * 1000:.0f} ms of worker CPU each)"
    )


def memory(server: LoopbackServer, work: Path) -> None:
    server.route("/small", page(b"<p>small</p>"))
    server.route("/100mb", huge(100 * MB))
    server.route("/200mb", oversized := huge(200 * MB, declare_length=False))
    big = {"ARCHIVE_MAX_BYTES": 150 * MB}
    work = work / "memory"
    work.mkdir()
    manage(project_env(work, server.port), "migrate", "--noinput").check_returncode()
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
    parser.add_argument("--paragraphs", type=int, default=200, help="per article page")
    parser.add_argument("--processes", type=int, help="worker processes (default: cores)")
    parser.add_argument("--threads", type=int, help="threads in each worker process")
    parser.add_argument("--tiny", action="store_true", help="also archive 40-byte pages")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--drain", type=int, default=1000, help="captures queued at once; 0 skips")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-") as tmp, LoopbackServer() as server:
        work = Path(tmp)
        throughput(args, server, work)
        if args.drain:
            drain(args.drain, server, work)
        if not args.skip_memory:
            memory(server, work)


if __name__ == "__main__":
    main()
