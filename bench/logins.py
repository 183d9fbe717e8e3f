"""Staff logins benchmark: 20 wrong passwords, then the right one, over HTTP.

Run from the project folder:  .venv/bin/python bench/logins.py  [--wrong 20]

It migrates a SQLite database in a temporary folder, makes one staff account, and starts
gunicorn with production settings (DEBUG off, the default lockout: 5 failures, 15 minutes).
Then, through the admin's real login view on 127.0.0.1, as a browser would (a GET for the
CSRF cookie, then a POST):
  1. for one account from one address: --wrong wrong passwords, then the right one;
  2. from one address, one wrong password for each of --wrong made-up accounts, then the
     right password of a real account that was never tried.
For each attempt it prints the HTTP status and what the page said, and when the lockout began.
Nothing leaves 127.0.0.1.
"""

import argparse
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-staff-passphrase-1"  # noqa: S105 (the bench's own throwaway account)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(work: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("LOGIN_", "STAFF_"))},
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-never-used-elsewhere",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback: no HTTPS redirect, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "BROKER_DIR": str(work / "broker"),
        "CACHE_DIR": str(work / "cache"),
        "REDIS_URL": "",
        # The server's log lines of each failure would bury the table; tests check them.
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict[str, str]) -> None:
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    make_users = (
        "from django.contrib.auth import get_user_model; U = get_user_model();"
        f"[U.objects.create_user(n, password={PASSWORD!r}, is_staff=True)"
        " for n in ('editor', 'second-editor')]"
    )
    subprocess.run(
        [*manage, "shell", "--no-imports", "-c", make_users], cwd=ROOT, env=env, check=True
    )


def attempt(base: str, username: str, password: str) -> tuple[int, str]:
    """One login as a browser makes it; returns the status and the gist of the answer."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    opener.open(f"{base}/admin/login/", timeout=30).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf, "next": "/admin/"}
    ).encode()
    # Every address here is the bench's own http://127.0.0.1 server.
    request = urllib.request.Request(  # noqa: S310
        f"{base}/admin/login/", data=body, headers={"Referer": f"{base}/admin/login/"}
    )
    try:
        with opener.open(request, timeout=30) as response:
            status, page = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, page = error.code, error.read().decode()
    if status == 302:
        return status, "logged in"
    if status == 429:
        minutes = re.search(r"for\s+(\d+) more minute", page)
        return status, f"locked ({minutes.group(1) if minutes else '?'} more minutes)"
    if "Please enter the correct username and password" in page:
        return status, "wrong password"
    return status, "other: " + re.sub(r"\s+", " ", page)[:80]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def run(base: str, label: str, tries: list[tuple[str, str]]) -> None:
    print(f"\n{label}")
    started = time.monotonic()
    results = []
    for n, (username, password) in enumerate(tries, 1):
        status, said = attempt(base, username, password)
        kind = "right" if password == PASSWORD else "wrong"
        results.append((status, said))
        print(f"  {n:2d}. {username:<14} {kind} password -> {status} {said}")
    elapsed = time.monotonic() - started
    first_locked = next((i for i, (s, _) in enumerate(results, 1) if s == 429), None)
    right = results[-1]
    print(
        f"  {len(tries)} attempts in {elapsed:.1f} s; answered 200 (login page) "
        f"{sum(s == 200 for s, _ in results)}, 429 (locked) {sum(s == 429 for s, _ in results)}, "
        f"302 (logged in) {sum(s == 302 for s, _ in results)}; locked from attempt "
        f"{first_locked}; the right password: {right[0]} {right[1]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimtrail-bench-logins-") as folder:
        work = Path(folder)
        env = bench_env(work)
        prepare(env)
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
            cwd=ROOT,
            env=env,
            # The server's own lines (one per 429) would bury the table.
            stderr=(work / "server.log").open("w"),
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/admin/login/", timeout=2).read()  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            print("lockout: 5 failures per account or per address, 15 minutes (the defaults)")
            run(
                base,
                "One account, one address:",
                [("editor", f"wrong-{n}") for n in range(args.wrong)] + [("editor", PASSWORD)],
            )
            # The first run locked 127.0.0.1 as an address as well: let it pass first.
            subprocess.run(
                [str(BIN / "python"), "manage.py", "axes_reset"],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            run(
                base,
                "One address, a different made-up account each time:",
                [(f"guess-{n}", "wrong") for n in range(args.wrong)]
                + [("second-editor", PASSWORD)],
            )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
