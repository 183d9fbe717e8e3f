"""A claim in review, its draft verdict and the published one, for the admin's tests."""

import pytest

from claims.models import Rating
from claims.services import claim_submit, verdict_draft, verdict_publish
from tests.factories import ReadyClaimFactory


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


@pytest.fixture
def in_review(researcher, reviewer):
    claim = ReadyClaimFactory(created_by=researcher, quote="We've come as cannon fodder")
    return claim_submit(claim=claim, by=researcher, reviewer=reviewer)


@pytest.fixture
def draft(in_review, reviewer):
    return verdict_draft(claim=in_review, by=reviewer, rating=_rating(), summary="No.")


@pytest.fixture
def published(draft, reviewer):
    return verdict_publish(verdict=draft, by=reviewer)
