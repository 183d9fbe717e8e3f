import pytest

from claims.models import Rating
from claims.services import claim_submit, verdict_correct, verdict_draft, verdict_publish
from tests.factories import ReadyClaimFactory


@pytest.fixture(autouse=True)
def _public_pages_start_uncached(fresh_page_cache):
    """Every public-site test starts and ends with no page cached."""


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
