"""Helpers for the claims tests: API clients with a token, and claims taken through the
review workflow."""

import time

from rest_framework.test import APIClient

from claims import services
from claims.models import Rating
from config.accounts.tokens import token_create
from tests.factories import AttributionFactory, ReadyClaimFactory, TopicFactory


def token_client(user) -> APIClient:
    client = APIClient()
    _, key = token_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def publish(claim, *, researcher, reviewer, rating: str = "false"):
    """Take a ready claim through the review workflow to a published verdict."""
    services.claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict = services.verdict_draft(
        claim=claim,
        by=reviewer,
        rating=Rating.objects.get(slug=rating),
        summary="The figure is out of date.",
        rationale="Newer figures *say otherwise*.",
    )
    return services.verdict_publish(verdict=verdict, by=reviewer)


def publish_claims(count: int, *, researcher, reviewer) -> None:
    topic = TopicFactory()
    for _ in range(count):
        claim = ReadyClaimFactory(created_by=researcher)
        claim.topics.add(topic)
        AttributionFactory(claim=claim, position=1)
        AttributionFactory(claim=claim, position=2)
        publish(claim, researcher=researcher, reviewer=reviewer)


def wait_for_a_blocked_lock(cursor, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        if cursor.fetchone()[0]:
            return True
        time.sleep(0.02)
    return False
