"""Fixtures every claims test may use: API clients for each persona, claims published or
drafted, and the workflow as the admin runs it. Every test starts with an empty cache, so no
throttle count or cached page carries over from the test before."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.models import Rating
from claims.services import claim_submit, verdict_correct, verdict_draft, verdict_publish
from tests.claims.helpers import publish as publish_through_the_api
from tests.claims.helpers import token_client
from tests.factories import AttributionFactory, ClaimantFactory, ReadyClaimFactory


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttle counts live in the cache; one test's requests must not throttle the next's.
    cache.clear()


@pytest.fixture(autouse=True)
def _public_pages_start_uncached(fresh_page_cache):
    """Every claims test starts and ends with no page cached."""


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


@pytest.fixture
def published_claim(researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher)
    AttributionFactory(claim=claim, position=1, verb="citing")
    AttributionFactory(claim=claim, position=2, claimant=ClaimantFactory(name="A ministry"))
    publish_through_the_api(claim, researcher=researcher, reviewer=reviewer)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def draft_claim(researcher):
    return ReadyClaimFactory(created_by=researcher, claimant=ClaimantFactory(name="Hidden"))


@pytest.fixture
def publish(researcher, reviewer):
    """Take a new claim through the review services to a published verdict, as the admin does."""

    def _publish(rating: str = "mostly-false", rationale: str = "Newer figures.", **claim_fields):
        claim = ReadyClaimFactory(created_by=researcher, **claim_fields)
        claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
        verdict = verdict_draft(
            claim=claim,
            by=reviewer,
            rating=Rating.objects.get(slug=rating),
            summary=f"Summary of {claim.text}",
            rationale=rationale,
        )
        verdict_publish(verdict=verdict, by=reviewer)
        claim.refresh_from_db()
        return claim

    return _publish


@pytest.fixture
def correct(reviewer):
    """Start a correction of claim's published verdict, and publish it unless told not to."""

    def _correct(claim, *, rating: str, note: str, publish: bool = True):
        current = claim.verdicts.get(status="published")
        correction = verdict_correct(
            verdict=current,
            by=reviewer,
            correction_note=note,
            rating=Rating.objects.get(slug=rating),
        )
        if publish:
            verdict_publish(verdict=correction, by=reviewer)
        claim.refresh_from_db()
        return correction

    return _correct
