"""A claim at each step of review, for the services' tests."""

import pytest

from claims.models import Rating
from claims.services import (
    claim_submit,
    verdict_draft,
    verdict_publish,
)
from tests.factories import ReadyClaimFactory


def _rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


@pytest.fixture
def claim(researcher):
    return ReadyClaimFactory(created_by=researcher)


@pytest.fixture
def in_review(claim, researcher, reviewer):
    return claim_submit(claim=claim, by=researcher, reviewer=reviewer)


@pytest.fixture
def draft(in_review, reviewer):
    return verdict_draft(
        claim=in_review,
        by=reviewer,
        rating=_rating("mostly-false"),
        summary="The figure is out of date.",
        rationale="Newer figures say otherwise.",
    )


@pytest.fixture
def published(draft, reviewer):
    return verdict_publish(verdict=draft, by=reviewer)
