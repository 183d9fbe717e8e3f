"""Public pages benchmark: claim, list, search, claimant and article pages against a bare
Django hello-world.

Needs Debian's wrk:  apt-get install wrk
Run from the project folder:  .venv/bin/python bench/pages.py  [--claims 10000 100000] [--seconds 8]

For each --claims size, smallest first, it scales the demo data to that many published
claims (with drafts, corrected verdicts, thousands of claimants and articles, topics: see
`bench/scaled_demo.py`), adding to the size before, then starts gunicorn (2 sync workers, production
settings) twice, once with the page cache and once with it off
(CLAIMTRAIL_PAGE_CACHE_SECONDS=0), and drives each page with wrk. Every run also measures a
bare Django view served by the same gunicorn, settings and middleware, so the figures are
printed as ratios to it: on a busy, shared machine ratios hold where absolute numbers don't.
Latency percentiles (p50/p95/p99, 8 connections on 2 workers, so queueing included) are
printed beside them, and the run ends with one JSON line per size holding every figure.
Nothing leaves 127.0.0.1. BENCH_DATABASE_URL points it at an empty PostgreSQL database
instead of SQLite.

A view that makes one ORM query and renders nothing is measured too ("one query"): the
floor under any page that reads the database, for reading the page figures against.

The same file is the URLconf gunicorn serves (the site's URLs plus /hello/ and /one-query/),
see `application`.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def bench_env(work: Path, *, cache_seconds: int) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "CELERY_"))},
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-never-used-elsewhere",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "BROKER_DIR": str(work / "broker"),
        "CACHE_DIR": str(work / "cache"),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
        "CLAIMTRAIL_PAGE_CACHE_SECONDS": str(cache_seconds),
        "DEMO_PASSWORD": "bench-demo-password",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def build_database(env: dict[str, str], claims: int, work: Path) -> dict[str, str]:
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # Production settings serve static files from WhiteNoise's manifest.
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    targets = work / "targets.json"
    subprocess.run(
        [str(BIN / "python"), __file__, "--scale", str(claims), "--targets", str(targets)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(targets.read_text())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], targets: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "bench.pages:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/hello/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer within 30 s")
        for path in targets.values():
            # Raises for an error status: a benchmark of error pages would mean nothing.
            urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
    except BaseException:
        process.terminate()
        process.wait(timeout=30)
        raise
    return process, base


# wrk prints 50/75/90/99 % with --latency; this prints the ones the table shows.
PERCENTILES_LUA = """
done = function(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d_us %d\\n", p, latency:percentile(p)))
  end
end
"""


def wrk(url: str, seconds: int, script: Path) -> dict[str, float]:
    """Requests per second and latency percentiles (ms) wrk measured; one thread, 8
    connections, so each of gunicorn's 2 workers has requests waiting: the latencies are
    under load, queueing included."""
    result = subprocess.run(
        ["wrk", "-t1", "-c8", f"-d{seconds}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{result.stdout}")
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))}
    for p, us in re.findall(r"p(\d+)_us (\d+)", result.stdout):
        figures[f"p{p}_ms"] = int(us) / 1000
    return figures


def measure(env: dict[str, str], targets: dict[str, str], seconds: int, work: Path):
    script = work / "percentiles.lua"
    script.write_text(PERCENTILES_LUA)
    process, base = start_gunicorn(env, targets)
    try:
        figures = {"hello-world": wrk(base + "/hello/", seconds, script)}
        figures["one query"] = wrk(base + "/one-query/", seconds, script)
        for name, path in targets.items():
            figures[name] = wrk(base + path, seconds, script)
        # Once more at the end, so a machine that slowed down mid-run shows in the baseline.
        again = wrk(base + "/hello/", seconds, script)
        figures["hello-world"]["rps"] = (figures["hello-world"]["rps"] + again["rps"]) / 2
        return figures
    finally:
        process.terminate()
        process.wait(timeout=30)


def report(claims: int, database: str, runs: dict[str, dict]) -> dict:
    """Prints the table; returns every figure, as the JSON line holds them."""
    labels = ("cached", "uncached")
    print(f"\n{claims} published claims on {database}")
    print(f"{'':15}" + "".join(f"{label:>34}" for label in labels))
    pages = {}
    for name in runs["cached"]:
        cells, page = [], {"p50_ms": {}, "p95_ms": {}, "p99_ms": {}, "rps": {}}
        for label in labels:
            figures = runs[label][name]
            page[label] = round(figures["rps"] / runs[label]["hello-world"]["rps"], 3)
            page["rps"][label] = round(figures["rps"])
            for p in ("p50_ms", "p95_ms", "p99_ms"):
                page[p][label] = figures[p]
            cells.append(
                f"{figures['rps']:6.0f}/s {page[label]:5.2f}x "
                f"p50/95/99 {figures['p50_ms']:.1f}/{figures['p95_ms']:.1f}/{figures['p99_ms']:.1f}"
            )
        pages[name] = page
        print(f"{name:15}" + "".join(f"{cell:>34}" for cell in cells))
    return {"claims": claims, "database": database, "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--targets", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        from bench.scaled_demo import scale_demo

        scale_demo(args.scale, args.targets)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="claimtrail-bench-pages-"))
    database = "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"
    lines = []
    try:
        # Smallest first: each size adds to the database the one before it built.
        for claims in sorted(args.claims):
            print(f"Building {claims} published claims from the demo data…", flush=True)
            started = time.monotonic()
            targets = build_database(bench_env(work, cache_seconds=300), claims, work)
            print(f"  built in {time.monotonic() - started:.0f} s", flush=True)
            runs = {}
            for label, cache_seconds in (("cached", 300), ("uncached", 0)):
                print(f"Measuring {label} ({args.seconds} s a URL)…", flush=True)
                env = bench_env(work, cache_seconds=cache_seconds)
                runs[label] = measure(env, targets, args.seconds, work)
            lines.append(report(claims, database, runs))
        print()
        for line in lines:
            print(json.dumps(line))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
else:
    # Imported by gunicorn: the site's own URLs plus a bare view, under the same settings and
    # middleware, so hello-world costs what any request costs before a view does its work.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpResponse
    from django.urls import include, path

    def hello(request) -> HttpResponse:
        return HttpResponse("Hello, world\n", content_type="text/plain")

    application = get_wsgi_application()

    from claims.models import Rating

    def one_query(request) -> HttpResponse:
        # The floor under any page that reads the database: one ORM query, no template.
        return HttpResponse(f"{Rating.objects.order_by('pk').first()}\n", content_type="text/plain")

    settings.ROOT_URLCONF = __name__
    urlpatterns = [
        path("hello/", hello),
        path("one-query/", one_query),
        path("", include("config.urls")),
    ]
