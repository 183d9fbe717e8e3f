"""A cache outage is not a site outage.

gunicorn serves the project with production settings and REDIS_URL pointing at a private
redis-server, as a deployment runs it; the test stops that Redis under it, reads every public
page and the API, asks /healthz, then starts Redis again and sees pages cached once more.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis as redis_client
from django.conf import settings
from django.utils import timezone

from claims.models import Claim, Verdict
from tests.factories import ClaimFactory, VerdictFactory
from tests.workers import RedisServer, database_url, free_port, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GUNICORN = Path(sys.executable).with_name("gunicorn")


def _production_env(**more: str) -> dict[str, str]:
    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "CACHE_", "CELERY_"))
    }
    return keep | {
        "DEBUG": "false",
        "SECRET_KEY": "cache-outage-test-secret-key-not-used-elsewhere",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SIMILAR_MATCHER_URL": "",
        "LOG_LEVEL": "WARNING",
        **more,
    }


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """Collected static files: with DEBUG off the pages name them through the manifest."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=_production_env(STATIC_ROOT=str(root)),
        check=True,
    )
    return root


@pytest.fixture
def redis(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def site(redis, static_root, tmp_path) -> Iterator[httpx.Client]:
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = _production_env(
        DATABASE_URL=database_url(),
        REDIS_URL=redis.url,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    process = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False, timeout=30)

    def answers() -> bool:
        try:
            return client.get("/robots.txt").status_code == 200
        except httpx.TransportError:
            return False

    try:
        assert wait_for(answers, timeout=30), f"gunicorn did not start:\n{log.read_text()}"
        yield client
    finally:
        client.close()
        process.terminate()
        process.wait(15)


@pytest.fixture
def claim(db) -> Claim:
    claim = ClaimFactory(status=Claim.Status.PUBLISHED)
    VerdictFactory(claim=claim, status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    return claim


def _public_urls(claim: Claim) -> list[str]:
    return [
        "/",
        "/claims/",
        "/claims/?q=figure",
        f"/claims/{claim.slug}/",
        f"/articles/{claim.first_appearance.source_id}/",
        f"/claimants/{claim.claimant.slug}/",
        "/ratings/",
        "/ratings.css",
        "/feeds/verdicts.rss",
        "/feeds/verdicts.atom",
        "/sitemap.xml",
        "/robots.txt",
        "/api/v1/claims/",
        f"/api/v1/claims/{claim.pk}/",
        "/api/v1/verdicts/",
        "/api/v1/ratings/",
        "/api/v1/claimants/",
        "/api/v1/sources/",
    ]


def _pages_cached(redis: RedisServer) -> int:
    # The cache is the next database of REDIS_URL's Redis (docs/configuration.md).
    with redis_client.Redis(port=redis.port, db=1) as connection:
        return len(connection.keys("*claimtrail:page:*"))


def test_readers_are_served_from_the_database_while_the_cache_is_away(site, redis, claim):
    urls = _public_urls(claim)
    assert {url: site.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)
    assert _pages_cached(redis) > 0
    assert "ETag" in site.get("/").headers

    redis.kill()

    assert {url: site.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)
    assert claim.text in site.get(f"/claims/{claim.slug}/").text
    assert "ETag" not in site.get("/").headers, "no version to give while the cache is away"
    health = site.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["database"] == "ok"
    assert health.json()["cache"].startswith("error")

    redis.start()

    assert site.get("/healthz").json()["cache"] == "ok"
    assert wait_for(
        lambda: site.get("/").status_code == 200 and _pages_cached(redis) > 0, timeout=20
    )
    assert "ETag" in site.get("/").headers
