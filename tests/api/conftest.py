import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import services
from claims.models import Rating
from tests.factories import AttributionFactory, ClaimantFactory, ReadyClaimFactory


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttle counts live in the cache; one test's requests must not throttle the next's.
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def researcher_api(researcher):
    return token_client(researcher)


@pytest.fixture
def reviewer_api(reviewer):
    return token_client(reviewer)


@pytest.fixture
def second_reviewer_api(second_reviewer):
    return token_client(second_reviewer)


@pytest.fixture
def outsider_api(outsider):
    return token_client(outsider)


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


@pytest.fixture
def published_claim(researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher)
    AttributionFactory(claim=claim, position=1, verb="citing")
    AttributionFactory(claim=claim, position=2, claimant=ClaimantFactory(name="A ministry"))
    publish(claim, researcher=researcher, reviewer=reviewer)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def draft_claim(researcher):
    return ReadyClaimFactory(created_by=researcher, claimant=ClaimantFactory(name="Hidden"))
