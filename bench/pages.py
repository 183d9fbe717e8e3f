"""Public pages benchmark: claim page, list and search against a bare Django hello-world.

Needs Debian's wrk:  apt-get install wrk
Run from the project folder:  .venv/bin/python bench/pages.py  [--claims 10000] [--seconds 8]

It builds a database of the demo data scaled to --claims published claims, then starts
gunicorn (2 sync workers, production settings) twice, once with the page cache and once with
it off (CLAIMTRAIL_PAGE_CACHE_SECONDS=0), and drives each with wrk. Every run also measures a
bare Django view served by the same gunicorn, settings and middleware, so the figures are
printed as ratios to it: on a busy, shared machine ratios hold where absolute numbers don't.
Nothing leaves 127.0.0.1. BENCH_DATABASE_URL points it at PostgreSQL instead of SQLite.

A view that makes one ORM query and renders nothing is measured too ("one query"): the
floor under any page that reads the database, for reading the page figures against.

The same file is the URLconf gunicorn serves (the site's URLs plus /hello/ and /one-query/),
see `application`.
"""

import argparse
import datetime
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
TARGETS = {
    "claim page": "/claims/donetsk-pre-war-population-one-million/",
    "list page": "/claims/",
    "search": "/claims/?q=shells",
}


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


def build_database(env: dict[str, str], claims: int) -> None:
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
    subprocess.run(
        [str(BIN / "python"), __file__, "--scale", str(claims)], cwd=ROOT, env=env, check=True
    )


def scale_demo(total: int) -> None:
    """The demo data, then copies of its claims, each published with a verdict, until there
    are total public claims: bulk writes, since what is measured is reading them.

    Each copy appears once in a bench article, with a hop; every fifth appears again, a day
    later, in the next article, with a hop of its own. The claim rows record their first
    appearance and every appearance's words, as the services would."""
    import django

    django.setup()
    from claims.demo import load_demo
    from claims.markdown import render_markdown
    from claims.models import (
        Appearance,
        Attribution,
        Citation,
        Claim,
        Rating,
        Verdict,
        quote_words_key,
    )
    from claims.visibility import public_claims
    from sources.models import Source

    load_demo(say=lambda _: None)
    demo = list(Claim.objects.select_related("first_appearance__source").order_by("pk"))
    ratings = list(Rating.objects.all())
    reviewer = Verdict.objects.filter(status="published").first().reviewer
    published_at = Verdict.objects.filter(status="published").first().published_at
    rationale = "Copied from the demo: *the same reasoning*, for load."
    rationale_html = render_markdown(rationale)
    already = public_claims().count()
    per_article, again_every = 20, 5
    n, batch = 0, 1000
    while already + n < total:
        size = min(batch, total - already - n)
        sources = Source.objects.bulk_create(
            Source(
                url=f"https://news.example.org/bench/{n + i}",
                title=f"Bench article {n + i}",
                publisher="Example News",
                published_on=demo[0].first_appearance.source.published_on,
            )
            for i in range(0, size, per_article)
        )
        models = [demo[(n + i) % len(demo)] for i in range(size)]
        rows = Claim.objects.bulk_create(
            Claim(
                slug=f"{model.slug[:60]}-{n + i}",
                text=f"{model.text} (copy {n + i})",
                claimant_id=model.claimant_id,
                place=model.place,
                status=Claim.Status.PUBLISHED,
            )
            for i, model in enumerate(models)
        )
        appearances: list[list[Appearance]] = []
        for i, (claim, model) in enumerate(zip(rows, models, strict=True)):
            first = model.first_appearance
            places = [(sources[i // per_article], i % per_article, first.made_on)]
            if (n + i) % again_every == 0:
                # The next article, after its own claims' places, a day later.
                later = first.made_on + datetime.timedelta(days=1)
                places.append(
                    (sources[(i // per_article + 1) % len(sources)], per_article + i, later)
                )
            appearances.append(
                [
                    Appearance(
                        claim=claim,
                        source=source,
                        quote=first.quote,
                        words_key=quote_words_key(first.quote),
                        position=position,
                        made_on=made_on,
                    )
                    for source, position, made_on in places
                ]
            )
        Appearance.objects.bulk_create(a for places in appearances for a in places)
        Attribution.objects.bulk_create(
            Attribution(appearance=a, position=1, claimant_id=a.claim.claimant_id, verb="said")
            for places in appearances
            for a in places
        )
        Citation.objects.bulk_create(
            Citation(
                claim=c, source=places[0].source, role=Citation.Role.ORIGIN, quote=places[0].quote
            )
            for c, places in zip(rows, appearances, strict=True)
        )
        verdicts = Verdict.objects.bulk_create(
            Verdict(
                claim=c,
                rating=ratings[(n + i) % len(ratings)],
                summary="Copied verdict for load.",
                rationale=rationale,
                rationale_html=rationale_html,
                reviewer=reviewer,
                published_by=reviewer,
                status=Verdict.Status.PUBLISHED,
                published_at=published_at,
            )
            for i, c in enumerate(rows)
        )
        for claim, verdict, places in zip(rows, verdicts, appearances, strict=True):
            claim.published_verdict = verdict
            claim.verdict_published_at = verdict.published_at
            claim.first_appearance = places[0]
            claim.appearance_words = "\n".join(a.quote for a in places)
        Claim.objects.bulk_update(
            rows,
            ["published_verdict", "verdict_published_at", "first_appearance", "appearance_words"],
        )
        n += size
    print(
        f"  {public_claims().count()} published claims, {Appearance.objects.count()} appearances",
        flush=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
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
        for path in TARGETS.values():
            # Raises for an error status: a benchmark of error pages would mean nothing.
            urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
    except BaseException:
        process.terminate()
        process.wait(timeout=30)
        raise
    return process, base


def wrk(url: str, seconds: int) -> float:
    """Requests per second wrk measured; one thread, 8 connections."""
    result = subprocess.run(
        ["wrk", "-t1", "-c8", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def measure(env: dict[str, str], seconds: int) -> dict[str, float]:
    process, base = start_gunicorn(env)
    try:
        figures = {"hello-world": wrk(base + "/hello/", seconds)}
        figures["one query"] = wrk(base + "/one-query/", seconds)
        for name, path in TARGETS.items():
            figures[name] = wrk(base + path, seconds)
        # Once more at the end, so a machine that slowed down mid-run shows in the baseline.
        figures["hello-world"] = (figures["hello-world"] + wrk(base + "/hello/", seconds)) / 2
        return figures
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        scale_demo(args.scale)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="claimtrail-bench-pages-"))
    try:
        print(f"Building {args.claims} published claims from the demo data…", flush=True)
        build_database(bench_env(work, cache_seconds=300), args.claims)
        runs = {}
        for label, cache_seconds in (("cached", 300), ("uncached", 0)):
            print(f"Measuring {label} ({args.seconds} s a URL)…", flush=True)
            runs[label] = measure(bench_env(work, cache_seconds=cache_seconds), args.seconds)
        print()
        print(f"{'':14}{'cached':>22}{'uncached':>22}")
        for name in ["hello-world", "one query", *TARGETS]:
            cells = []
            for label in ("cached", "uncached"):
                rps = runs[label][name]
                ratio = rps / runs[label]["hello-world"]
                cells.append(f"{rps:8.0f} req/s {ratio:5.2f}x")
            print(f"{name:14}{cells[0]:>22}{cells[1]:>22}")
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
