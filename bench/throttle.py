"""Anonymous API throttle behind proxies: 300 requests, each with a new X-Forwarded-For.

Run from the project folder:  .venv/bin/python bench/throttle.py  [--requests 300]

It migrates a SQLite database in a temporary folder and starts gunicorn with production
settings three times, each with a fresh cache (where the throttle keeps its counts), and sends
--requests anonymous GETs of /api/v1/ratings/ to each:
  1. before: DRF's NUM_PROXIES unset (None), as the settings had it; the header rotates;
  2. PROXY_COUNT=0 (the default): the header rotates;
  3. PROXY_COUNT=1: the left-most entries rotate, the last one (what our one proxy would
     append) stays the same.
It prints how many were answered 200 and 429, and where the first 429 came. Not a ratio: the
figure is where the throttle begins (API_THROTTLE_ANON, 120 a minute by default), which does
not depend on the machine. Nothing leaves 127.0.0.1; the addresses in the header are only text.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Settings as they stood before PROXY_COUNT reached DRF: the same, with NUM_PROXIES unset.
BEFORE_SETTINGS = (
    "from config.settings import *  # noqa: F403\n"
    "REST_FRAMEWORK = {**REST_FRAMEWORK, 'NUM_PROXIES': None}  # noqa: F405\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(work: Path, cache: str, **extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("API_", "PROXY_"))},
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-never-used-elsewhere",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "BROKER_DIR": str(work / "broker"),
        "CACHE_DIR": str(work / cache),
        "REDIS_URL": "",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(work)]),
        **extra,
    }


def status_of(url: str, forwarded_for: str) -> int:
    # Every address here is the bench's own http://127.0.0.1 server.
    request = urllib.request.Request(url, headers={"X-Forwarded-For": forwarded_for})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def run(env: dict[str, str], label: str, forwarded_for: Callable[[int], str], count: int) -> None:
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/v1/ratings/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except urllib.error.HTTPError:
                break  # answering, whatever it says of the parts behind it
            except OSError:
                time.sleep(0.2)
        started = time.monotonic()
        statuses = [status_of(url, forwarded_for(i)) for i in range(count)]
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    first = next((i for i, s in enumerate(statuses, 1) if s == 429), None)
    others = len(statuses) - statuses.count(200) - statuses.count(429)
    print(
        f"{label:<58} 200: {statuses.count(200):3d}  429: {statuses.count(429):3d}  "
        f"other: {others}  first 429 at request {first}  ({elapsed:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-throttle-") as folder:
        work = Path(folder)
        (work / "bench_before_settings.py").write_text(BEFORE_SETTINGS)
        env = bench_env(work, "cache-setup")
        subprocess.run(
            [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )

        def rotating(i: int) -> str:
            return f"203.0.113.{i % 250}, 198.51.100.{i // 250}"

        def behind_one_proxy(i: int) -> str:
            return f"{rotating(i)}, 192.0.2.7"

        print(f"{args.requests} anonymous requests, anonymous rate 120/minute (the default)")
        before = bench_env(
            work, "cache-before", DJANGO_SETTINGS_MODULE="bench_before_settings", PROXY_COUNT="0"
        )
        run(before, "before: NUM_PROXIES unset, header rotating", rotating, args.requests)
        no_proxy = bench_env(work, "cache-none", PROXY_COUNT="0")
        run(no_proxy, "PROXY_COUNT=0, header rotating", rotating, args.requests)
        one_proxy = bench_env(work, "cache-one", PROXY_COUNT="1")
        run(
            one_proxy,
            "PROXY_COUNT=1, left entries rotating, last one constant",
            behind_one_proxy,
            args.requests,
        )


if __name__ == "__main__":
    main()
