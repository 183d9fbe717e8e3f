import pytest
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.visibility import public_claims
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _with_published_verdict(status: str) -> Claim:
    claim = ClaimFactory(status=status)
    VerdictFactory(claim=claim, status=Verdict.Status.PUBLISHED, published_at=timezone.now())
    return claim


def test_published_claims_are_those_with_a_published_verdict_past_draft():
    live = _with_published_verdict(Claim.Status.PUBLISHED)
    # A correction in progress keeps the earlier verdict published, so the claim stays public.
    correcting = _with_published_verdict(Claim.Status.IN_REVIEW)
    _with_published_verdict(Claim.Status.DRAFT)
    ClaimFactory(status=Claim.Status.PUBLISHED)
    VerdictFactory(claim=ClaimFactory(status=Claim.Status.PUBLISHED))

    assert set(public_claims()) == {live, correcting}
